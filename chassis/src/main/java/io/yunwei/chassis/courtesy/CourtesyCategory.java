package io.yunwei.chassis.courtesy;

/** The four ways words fail a customer, as the service-etiquette handbook lists them. */
public enum CourtesyCategory {
    /** Disrespectful forms of address: 嘿, 哥们儿, 美女, "dude". */
    FORM_OF_ADDRESS,
    /** Pushing the customer away: 不行, 我不知道, 这不是我的事, 你自己去问. */
    DEFLECTION,
    /** Vague answers where the customer needs a definite one: 也许, 可能, 大概, 差不多. */
    VAGUENESS,
    /** Impatience: 啥?, 你再说一遍, 有完没完, 连这个都不懂. */
    IMPATIENCE
}
