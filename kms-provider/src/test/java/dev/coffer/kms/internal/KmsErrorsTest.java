package dev.coffer.kms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.kms.KmsMaterialsException;
import dev.coffer.kms.KmsMaterialsException.Reason;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.KeyUnavailableException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** Every SDK failure shape maps to one reason, and the message names table, operation and key. */
class KmsErrorsTest {
    private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/k";

    private static <B extends AwsServiceException.Builder> AwsServiceException service(B builder, String code, int status) {
        return builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("kms message")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build())
                .statusCode(status).message("kms message").build();
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(service(KmsException.builder(), "AccessDeniedException", 400), Reason.ACCESS_DENIED),
                Arguments.of(service(DisabledException.builder(), "DisabledException", 400), Reason.KEY_DISABLED),
                Arguments.of(service(KmsInvalidStateException.builder(), "KMSInvalidStateException", 400),
                        Reason.KEY_INVALID_STATE),
                Arguments.of(service(NotFoundException.builder(), "NotFoundException", 400), Reason.KEY_NOT_FOUND),
                Arguments.of(service(InvalidCiphertextException.builder(), "InvalidCiphertextException", 400),
                        Reason.INVALID_CIPHERTEXT),
                Arguments.of(service(IncorrectKeyException.builder(), "IncorrectKeyException", 400),
                        Reason.INVALID_CIPHERTEXT),
                Arguments.of(service(KmsException.builder(), "ThrottlingException", 400), Reason.THROTTLED),
                Arguments.of(service(DependencyTimeoutException.builder(), "DependencyTimeoutException", 500),
                        Reason.TIMEOUT),
                Arguments.of(service(KeyUnavailableException.builder(), "KeyUnavailableException", 500), Reason.UNAVAILABLE),
                Arguments.of(service(KmsException.builder(), "ServiceUnavailableException", 503), Reason.UNAVAILABLE),
                Arguments.of(service(InvalidGrantTokenException.builder(), "InvalidGrantTokenException", 400), Reason.OTHER),
                Arguments.of(ApiCallTimeoutException.create(1000), Reason.TIMEOUT),
                Arguments.of(SdkClientException.builder().message("Unable to execute HTTP request")
                        .cause(new SocketTimeoutException("Read timed out")).build(), Reason.TIMEOUT),
                Arguments.of(SdkClientException.builder().message("Unable to execute HTTP request")
                        .cause(new ConnectException("Connection refused")).build(), Reason.UNAVAILABLE),
                Arguments.of(SdkClientException.builder().message("Unable to load credentials from any of the providers "
                        + "in the chain AwsCredentialsProviderChain(credentialsProviders=[...])").build(), Reason.CREDENTIALS));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void map_sdkFailure_givesReasonAndNamesTableOperationAndKey(SdkException e, Reason reason) {
        KmsMaterialsException m = KmsErrors.map(e, "orders", "Decrypt", KEY);

        assertThat(m.reason()).isEqualTo(reason);
        assertThat(m).hasMessageStartingWith("kms provider: table 'orders': kms:Decrypt on key " + KEY)
                .hasCause(e);
        assertThat(m.keyId()).isEqualTo(KEY);
        assertThat(m.operation()).contains("Decrypt");
    }

    @Test
    void map_connectionFailure_quotesWhatTheSdkSaid() {
        KmsMaterialsException m = KmsErrors.map(SdkClientException.builder()
                .message("Unable to execute HTTP request: kms.moon-1.amazonaws.com")
                .numAttempts(4).build(), "orders", "Decrypt", KEY);

        assertThat(m).hasMessageContaining("could not reach KMS after 4 attempts")
                .hasMessageContaining("\"Unable to execute HTTP request: kms.moon-1.amazonaws.com\"")
                .hasMessageContaining("the region");
        assertThat(m.isRetryable()).isTrue();
    }

    @Test
    void map_unlistedKmsError_keepsKmsCodeAndMessage() {
        KmsMaterialsException m = KmsErrors.map(service(InvalidGrantTokenException.builder(), "InvalidGrantTokenException",
                400), "orders", "GenerateDataKey", KEY);

        assertThat(m).hasMessageContaining("failed: InvalidGrantTokenException.").hasMessageContaining("KMS said: \"kms message\"");
        assertThat(m.isRetryable()).isFalse();
    }
}
