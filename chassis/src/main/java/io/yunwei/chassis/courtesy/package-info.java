/**
 * Courtesy checks of every text said to a customer, against lexicons a service organisation can extend, and the
 * per-day count of the texts refused for them.
 */
package io.yunwei.chassis.courtesy;
