/** On site: visits, consent, diagnosis in plain words, resolution, inspection and the signed service form. */
package io.yunwei.field;
