/**
 * The {@code coffer} Actuator health indicator ({@link dev.coffer.spring.health.CofferHealth}): KMS
 * and most-recent provider state from what the providers reported, without calling KMS.
 */
package dev.coffer.spring.health;
