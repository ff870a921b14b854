/** The bad-input sweep: generated malformed requests against every public endpoint. */
package io.yunwei.bench.sweep;
