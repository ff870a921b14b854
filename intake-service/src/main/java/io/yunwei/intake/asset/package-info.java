/** An asset as the call centre looks it up: the CMDB record with its ticket history. */
package io.yunwei.intake.asset;
