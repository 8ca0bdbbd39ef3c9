/**
 * Versioned data keys kept in a DynamoDB meta-store table: {@link dev.coffer.mostrecent.MostRecentProvider}
 * encrypts with the newest version of a material in a {@link dev.coffer.mostrecent.MetaStore},
 * calling KMS about once per time to live per process. See docs/providers.md.
 */
package dev.coffer.mostrecent;
