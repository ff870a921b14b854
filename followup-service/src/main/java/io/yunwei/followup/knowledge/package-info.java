/** The knowledge base: an article drafted from every closure, approved by a supervisor, searched in Chinese and English. */
package io.yunwei.followup.knowledge;
