/** Real infrastructure for integration tests: Testcontainers where Docker runs, embedded servers where it does not. */
package io.yunwei.chassis.testkit;
