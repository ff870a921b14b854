/** The console's pages timed as their users open them: signed in at the issuer's form, one page after another. */
package io.yunwei.bench.console;
