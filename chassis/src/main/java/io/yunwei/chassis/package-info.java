/** Infrastructure every Yunwei service shares; no domain types live here. */
package io.yunwei.chassis;
