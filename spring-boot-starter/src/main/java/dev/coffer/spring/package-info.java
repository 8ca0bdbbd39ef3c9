/**
 * Coffer for Spring Boot 3.5 and Spring Cloud AWS 3.4: {@link dev.coffer.spring.CofferAutoConfiguration}
 * (provider, extension, enhanced client, start-up check of {@code TableSchema} beans), the
 * {@code coffer.*} {@link dev.coffer.spring.CofferProperties}, and the customizer hooks. See
 * docs/spring-boot.md.
 */
package dev.coffer.spring;
