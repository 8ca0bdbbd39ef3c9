package dev.coffer.kms.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Answers KMS JSON 1.1 requests for a {@link LocalKms}. */
final class KmsProtocol implements HttpHandler {
    private static final String TARGET_PREFIX = "TrentService.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String PRINCIPAL_SUFFIX = ":user/coffer-test";
    private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
    /** SigV4's credential scope: {@code Credential=<access key>/<date>/<region>/<service>/aws4_request}. */
    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/,\\s]*/[0-9]{8}/([^/,\\s]+)/[^/,\\s]+/aws4_request");
    /** The access key id of a SigV4 credential scope. */
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/,\\s]*)/");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalKms kms;

    KmsProtocol(LocalKms kms) {
        this.kms = kms;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Operation op = target != null && target.startsWith(TARGET_PREFIX)
                    ? Operation.fromApiName(target.substring(TARGET_PREFIX.length())) : null;
            if (!"POST".equals(exchange.getRequestMethod()) || op == null) {
                send(exchange, 400, error("UnknownOperationException", "LocalKms answers POST "
                        + "GenerateDataKey, Encrypt, Decrypt and DescribeKey; got " + exchange.getRequestMethod() + " " + target));
                return;
            }
            kms.count(op);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Request r = new Request(op, signedRegion(authorization));
            r.accessKey = accessKey(authorization);
            int status = 200;
            ObjectNode answer;
            try {
                JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                if (json == null || !json.isObject()) {
                    throw KmsError.validation("the request body is not a JSON object");
                }
                r.parse(json);
                answer = r.process(json);
            } catch (KmsError e) {
                r.errorCode = e.type;
                status = e.status;
                answer = error(e.type, e.getMessage());
            } catch (IOException e) {
                r.errorCode = "SerializationException";
                status = 400;
                answer = error("SerializationException", "the request body is not valid JSON");
            } catch (RuntimeException e) {
                // A bug in the test server: answer like a KMS fault rather than leave the client hanging.
                r.errorCode = "KMSInternalException";
                status = 500;
                answer = error("KMSInternalException", "LocalKms failed: " + e);
            }
            // Logged before the answer leaves, so a client that got its answer finds its call logged.
            kms.record(new KmsCall(op, r.region, r.keyId, r.entry == null ? null : r.entry.key.arn(), r.context,
                    r.grantTokens, r.errorCode));
            send(exchange, status, answer);
        } catch (IOException | RuntimeException e) {
            // The client went away or the server is closing: nothing to answer.
        } finally {
            exchange.close();
        }
    }

    /** The region a SigV4 request was signed for, or the server's region for an unsigned request. */
    private String signedRegion(String authorization) {
        if (authorization != null) {
            Matcher m = CREDENTIAL_SCOPE.matcher(authorization);
            if (m.find()) {
                return m.group(1);
            }
        }
        return kms.region();
    }

    /** The access key id a SigV4 request was signed with, or null for an unsigned request. */
    private static String accessKey(String authorization) {
        if (authorization != null) {
            Matcher m = ACCESS_KEY.matcher(authorization);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode n = JSON.createObjectNode().put("__type", type);
        if (message != null) {
            n.put("message", message);
        }
        return n;
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** One request in progress: what is logged and what the operation needs. */
    private final class Request {
        final Operation op;
        final String region;
        String keyId;
        LocalKms.KeyEntry entry;
        Map<String, String> context = new TreeMap<>();
        List<String> grantTokens = new ArrayList<>();
        String errorCode;
        Blob blob;
        String accessKey;

        Request(Operation op, String region) {
            this.op = op;
            this.region = region;
        }

        void parse(JsonNode json) {
            keyId = text(json, "KeyId");
            JsonNode ec = json.get("EncryptionContext");
            if (ec != null && !ec.isNull()) {
                if (!ec.isObject()) {
                    throw KmsError.validation("EncryptionContext must be a map of strings");
                }
                for (Map.Entry<String, JsonNode> e : ec.properties()) {
                    if (!e.getValue().isTextual()) {
                        throw KmsError.validation("EncryptionContext values must be strings");
                    }
                    context.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode gt = json.get("GrantTokens");
            if (gt != null && gt.isArray()) {
                gt.forEach(t -> grantTokens.add(t.asText()));
            }
            if (op == Operation.DECRYPT) {
                blob = Blob.parse(binary(json, "CiphertextBlob"));
            }
            entry = keyId != null ? kms.resolveOrNull(keyId, region) : blob != null ? kms.byBlob(blob, region) : null;
        }

        ObjectNode process(JsonNode json) {
            for (Fault fault : kms.fire(op, entry == null ? null : entry.key.arn())) {
                if (fault.kind() != Fault.Kind.LATENCY) {
                    throw faultError(fault);
                }
                sleep(fault);
            }
            switch (op) {
                case GENERATE_DATA_KEY:
                    return generateDataKey(json);
                case ENCRYPT:
                    return encrypt(json);
                case DECRYPT:
                    return decrypt(json);
                case DESCRIBE_KEY:
                    return describeKey();
                default:
                    throw new IllegalStateException(op.toString());
            }
        }

        private ObjectNode generateDataKey(JsonNode json) {
            LocalKms.KeyEntry e = usableKey();
            String spec = text(json, "KeySpec");
            JsonNode nob = json.get("NumberOfBytes");
            if ((spec == null) == (nob == null || nob.isNull())) {
                throw KmsError.validation("Please specify either number of bytes or key spec.");
            }
            int n;
            if (spec != null) {
                if ("AES_256".equals(spec)) {
                    n = 32;
                } else if ("AES_128".equals(spec)) {
                    n = 16;
                } else {
                    throw KmsError.validation("1 validation error detected: Value '" + spec
                            + "' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]");
                }
            } else {
                n = nob.asInt();
                if (n < 1 || n > 1024) {
                    throw KmsError.validation("NumberOfBytes must be 1 to 1024");
                }
            }
            byte[] plaintext = new byte[n];
            RANDOM.nextBytes(plaintext);
            // The JSON node holds the array until it is written: no wiping here (a test server).
            return JSON.createObjectNode()
                    .put("KeyId", e.key.arn())
                    .put("CiphertextBlob", Blob.seal(e.key, plaintext, context))
                    .put("Plaintext", plaintext);
        }

        private ObjectNode encrypt(JsonNode json) {
            LocalKms.KeyEntry e = usableKey();
            byte[] plaintext = binary(json, "Plaintext");
            if (plaintext.length == 0 || plaintext.length > 4096) {
                throw KmsError.validation("Plaintext must be 1 to 4096 bytes");
            }
            checkAlgorithm(json);
            return JSON.createObjectNode()
                    .put("KeyId", e.key.arn())
                    .put("CiphertextBlob", Blob.seal(e.key, plaintext, context))
                    .put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
        }

        private ObjectNode decrypt(JsonNode json) {
            checkAlgorithm(json);
            if (keyId != null) {
                LocalKms.KeyEntry named = kms.resolve(keyId, region);
                if (!named.key.keyId().equals(blob.keyId) || !named.key.accountId().equals(blob.accountId)) {
                    throw new KmsError(400, "IncorrectKeyException",
                            "The key ID in the request does not identify a KMS key that can perform this operation.");
                }
            } else if (entry == null) {
                // KMS cannot find a key for a blob it did not make (or from a deleted key).
                throw KmsError.invalidCiphertext();
            }
            LocalKms.KeyEntry e = usableKey();
            return JSON.createObjectNode()
                    .put("KeyId", e.key.arn())
                    .put("Plaintext", blob.open(e.key, context))
                    .put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
        }

        private ObjectNode describeKey() {
            if (keyId == null) {
                throw KmsError.validation("1 validation error detected: Value null at 'keyId' failed to satisfy constraint: "
                        + "Member must not be null");
            }
            LocalKms.KeyEntry e = kms.resolve(keyId, region);
            ObjectNode m = JSON.createObjectNode()
                    .put("AWSAccountId", e.key.accountId())
                    .put("KeyId", e.key.keyId())
                    .put("Arn", e.key.arn())
                    .put("CreationDate", e.created.getEpochSecond())
                    .put("Enabled", e.state == LocalKms.KeyState.ENABLED)
                    .put("Description", e.key.description())
                    .put("KeyUsage", "ENCRYPT_DECRYPT")
                    .put("KeyState", e.state.apiName)
                    .put("Origin", "AWS_KMS")
                    .put("KeyManager", "CUSTOMER")
                    .put("KeySpec", SYMMETRIC_DEFAULT)
                    .put("CustomerMasterKeySpec", SYMMETRIC_DEFAULT)
                    .put("MultiRegion", e.key.multiRegion());
            m.putArray("EncryptionAlgorithms").add(SYMMETRIC_DEFAULT);
            ObjectNode out = JSON.createObjectNode();
            out.set("KeyMetadata", m);
            return out;
        }

        /** The key the request names, enabled and permitted, or the error KMS would answer. */
        private LocalKms.KeyEntry usableKey() {
            if (keyId == null && op != Operation.DECRYPT) {
                throw KmsError.validation("1 validation error detected: Value null at 'keyId' failed to satisfy constraint: "
                        + "Member must not be null");
            }
            LocalKms.KeyEntry e = keyId != null ? kms.resolve(keyId, region) : entry;
            if (!kms.permits(accessKey, op)) {
                throw KmsError.accessDenied("arn:aws:iam::" + kms.accountId() + ":user/" + accessKey, op, e.key.arn(),
                        "no identity-based policy allows the " + op.iamAction() + " action");
            }
            if (!e.grantTokens.isEmpty() && grantTokens.stream().noneMatch(e.grantTokens::contains)) {
                throw KmsError.accessDenied(principal(), op, e.key.arn(),
                        "no identity-based policy allows the " + op.iamAction() + " action");
            }
            if (e.state == LocalKms.KeyState.DISABLED) {
                throw new KmsError(400, "DisabledException", e.key.arn() + " is disabled.");
            }
            if (e.state == LocalKms.KeyState.PENDING_DELETION) {
                throw new KmsError(400, "KMSInvalidStateException", e.key.arn() + " is pending deletion.");
            }
            return e;
        }

        private KmsError faultError(Fault fault) {
            switch (fault.kind()) {
                case THROTTLING:
                    return new KmsError(400, "ThrottlingException", "Rate exceeded");
                case ACCESS_DENIED:
                    String resource = entry != null ? entry.key.arn() : keyId != null ? keyId : "*";
                    return KmsError.accessDenied(principal(), op, resource, "no identity-based policy allows the " + op.iamAction() + " action");
                case INTERNAL_ERROR:
                    return new KmsError(500, "KMSInternalException", "We encountered an internal error. Please try again.");
                default:
                    throw new IllegalStateException(fault.toString());
            }
        }

        private String principal() {
            return "arn:aws:iam::" + kms.accountId() + PRINCIPAL_SUFFIX;
        }

        private void checkAlgorithm(JsonNode json) {
            String alg = text(json, "EncryptionAlgorithm");
            if (alg != null && !SYMMETRIC_DEFAULT.equals(alg)) {
                throw new KmsError(400, "InvalidKeyUsageException", "LocalKms keys are symmetric: use SYMMETRIC_DEFAULT");
            }
        }
    }

    private static void sleep(Fault fault) {
        try {
            Thread.sleep(fault.latency().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KmsError(500, "KMSInternalException", "the local KMS is shutting down");
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static byte[] binary(JsonNode json, String field) {
        String s = text(json, field);
        if (s == null) {
            throw KmsError.validation("1 validation error detected: Value null at '" + Character.toLowerCase(field.charAt(0))
                    + field.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new KmsError(400, "SerializationException", field + " is not valid base64");
        }
    }
}
