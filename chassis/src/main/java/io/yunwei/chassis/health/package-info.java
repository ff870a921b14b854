/** Health checks that work against MongoDB and MongoDB wire-protocol servers alike. */
package io.yunwei.chassis.health;
