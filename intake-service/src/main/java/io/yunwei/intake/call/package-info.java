/** Phone calls from the telephony system: answer times and the three-ring target. */
package io.yunwei.intake.call;
