/** Implementation of the Enhanced Client extension. Not API: may change in any release. */
package dev.coffer.enhanced.internal;
