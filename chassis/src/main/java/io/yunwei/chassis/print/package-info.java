/** Printable documents (service forms, incident reports) as PDF with an embedded Chinese font. */
package io.yunwei.chassis.print;
