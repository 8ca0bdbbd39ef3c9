package dev.coffer.kms.testkit;

/** An error answer in KMS's JSON 1.1 shape: HTTP status, {@code __type} and message. */
final class KmsError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String type;

    KmsError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    static KmsError notFound(String message) {
        return new KmsError(400, "NotFoundException", message);
    }

    static KmsError validation(String message) {
        return new KmsError(400, "ValidationException", message);
    }

    static KmsError invalidCiphertext() {
        // KMS says nothing more: the error must not tell a key problem from a context problem.
        return new KmsError(400, "InvalidCiphertextException", null);
    }

    static KmsError accessDenied(String principal, Operation op, String resource, String why) {
        return new KmsError(400, "AccessDeniedException", "User: " + principal + " is not authorized to perform: "
                + op.iamAction() + " on resource: " + resource + " because " + why);
    }
}
