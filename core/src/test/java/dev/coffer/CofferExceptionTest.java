package dev.coffer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CofferExceptionTest {
    /** A subclass as a third party would write it: a field, and no override of anything. */
    static final class VaultException extends CofferException {
        private static final long serialVersionUID = 1L;
        final String vault;

        VaultException(String message, String vault) {
            super(message);
            this.vault = vault;
        }
    }

    @Test
    void withContext_thirdPartySubclass_keepsTypeFieldsAndStackTrace() {
        VaultException original = new VaultException("vault sealed", "v1");

        CofferException withContext = original.withContext("item 3: ");

        assertThat(withContext).isInstanceOf(VaultException.class).hasMessage("item 3: vault sealed");
        assertThat(((VaultException) withContext).vault).isEqualTo("v1");
        assertThat(withContext.getStackTrace()).isEqualTo(original.getStackTrace());
    }

    @Test
    void withContext_leavesTheOriginalUnchanged_soSharedFailuresStayClean() {
        IntegrityException shared = new IntegrityException("table 'orders': signature mismatch");

        CofferException a = shared.withContext("item 1: ");
        CofferException b = shared.withContext("item 2: ");

        assertThat(shared).hasMessage("table 'orders': signature mismatch");
        assertThat(a).isInstanceOf(IntegrityException.class).hasMessage("item 1: table 'orders': signature mismatch");
        assertThat(b).hasMessage("item 2: table 'orders': signature mismatch");
    }

    @Test
    void withContext_keepsTheCause_andAddsNone() {
        IllegalStateException root = new IllegalStateException("kms down");
        MaterialsException caused = new MaterialsException("no keys", root);
        IntegrityException uncaused = new IntegrityException("bad signature");

        assertThat(caused.withContext("item 1: ").getCause()).isSameAs(root);
        assertThat(uncaused.withContext("item 1: ").getCause()).isNull();
        assertThat(new VaultException("sealed", "v").withContext("item 2: ").getCause()).isNull();
    }

    @Test
    void withContext_nested_outermostFirst() {
        MaterialsException e = new MaterialsException("KMS throttled");

        assertThat(e.withContext("item 4: ").withContext("batch 2, ")).isInstanceOf(MaterialsException.class)
                .hasMessage("batch 2, item 4: KMS throttled");
    }

    @Test
    void withContext_keepsTheCause() {
        IllegalStateException cause = new IllegalStateException("socket closed");
        MaterialsException e = new MaterialsException("KMS unreachable", cause);

        assertThat(e.withContext("item 1: ")).hasCause(cause);
    }
}
