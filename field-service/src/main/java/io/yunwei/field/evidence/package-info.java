/** Evidence files (photos, screenshots, PDFs): checked by their bytes, capped, checksummed and kept in GridFS. */
package io.yunwei.field.evidence;
