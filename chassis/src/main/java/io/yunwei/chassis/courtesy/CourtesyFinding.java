package io.yunwei.chassis.courtesy;

/**
 * One phrase that should not be said to a customer.
 *
 * @param start index of the phrase's first character in the text (UTF-16 units, as Java and JavaScript count)
 * @param end index just after its last character
 * @param suggestion the standard phrase to use instead
 */
public record CourtesyFinding(CourtesyCategory category, String phrase, int start, int end, String suggestion) {
}
