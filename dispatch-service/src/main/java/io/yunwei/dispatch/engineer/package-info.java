/** Field engineers: skills, responsibility areas, availability and the capacity they can take on. */
package io.yunwei.dispatch.engineer;
