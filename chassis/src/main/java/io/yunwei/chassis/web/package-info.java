/** RFC 9457 problem details with stable codes, and request size limits. */
package io.yunwei.chassis.web;
