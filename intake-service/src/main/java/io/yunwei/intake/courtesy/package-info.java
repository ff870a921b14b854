/** The courtesy check API: which phrases of a text a customer should never hear, and what to say instead. */
package io.yunwei.intake.courtesy;
