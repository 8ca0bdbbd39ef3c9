package dev.coffer.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * The compiled example of docs/spring-boot.md: a Spring Boot application with Spring Cloud AWS's
 * {@code DynamoDbTemplate}; adding {@code coffer-spring-boot-starter} and {@code coffer.kms.key-arn}
 * is all it takes for {@link PatientService}'s items to be stored encrypted and signed. Declaring the
 * {@link TableSchema} as a bean lets the starter check it at start-up.
 */
@SpringBootApplication
public class ExampleApplication {
    @Bean
    TableSchema<Patient> patientSchema() {
        return TableSchema.fromBean(Patient.class);
    }
}
