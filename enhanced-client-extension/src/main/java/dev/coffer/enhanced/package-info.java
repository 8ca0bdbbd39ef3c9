/**
 * Coffer for the DynamoDB Enhanced Client: {@link dev.coffer.enhanced.CofferExtension} encrypts and
 * signs annotated beans on every operation, sync and async. Annotations: {@link
 * dev.coffer.enhanced.SignOnly}, {@link dev.coffer.enhanced.DoNothing}, {@link
 * dev.coffer.enhanced.Encrypt}, {@link dev.coffer.enhanced.TimeToLive}, {@link
 * dev.coffer.enhanced.LogicalTableName}; per-table settings in {@link dev.coffer.enhanced.TableOptions}.
 * See docs/enhanced-client.md.
 */
package dev.coffer.enhanced;
