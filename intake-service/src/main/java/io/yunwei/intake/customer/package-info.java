/** Customer organisations with their sites, contacts and equipment. */
package io.yunwei.intake.customer;
