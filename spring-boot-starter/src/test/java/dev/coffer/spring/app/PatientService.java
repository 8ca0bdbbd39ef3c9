package dev.coffer.spring.app;

import io.awspring.cloud.dynamodb.DynamoDbTemplate;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/**
 * The example application's repository code: plain Spring Cloud AWS, with nothing about Coffer in
 * it. The starter makes the same calls store encrypted, signed items.
 */
@Service
public class PatientService {
    private final DynamoDbTemplate template;

    public PatientService(DynamoDbTemplate template) {
        this.template = template;
    }

    public Patient save(Patient patient) {
        return template.save(patient);
    }

    public Patient find(String id) {
        return template.load(Key.builder().partitionValue(id).build(), Patient.class);
    }

    public List<Patient> all() {
        return template.scanAll(Patient.class).items().stream().collect(Collectors.toList());
    }
}
