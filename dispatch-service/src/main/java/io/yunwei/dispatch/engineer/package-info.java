/** Field engineers: skills, primary and backup areas, shifts and on-call, home base, and the capacity they can take on. */
package io.yunwei.dispatch.engineer;
