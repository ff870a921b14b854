/** Courtesy checks of every text said to a customer, against lexicons a service organisation can extend. */
package io.yunwei.chassis.courtesy;
