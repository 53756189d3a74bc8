package io.hotcert.acme;

/** The steps of obtaining a certificate, named in errors and (later) in the attempt history. */
public enum IssuanceStep {
    ACCOUNT("account"),
    ORDER("order"),
    VALIDATION("validation"),
    FINALIZE("finalize"),
    DOWNLOAD("certificate download");

    private final String label;

    IssuanceStep(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
