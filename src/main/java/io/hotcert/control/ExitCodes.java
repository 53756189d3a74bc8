package io.hotcert.control;

/** The exit codes of the contract; scripts and systemd depend on them. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** EX_TEMPFAIL: the CA was unreachable or rate-limiting; trying later may work. */
    public static final int TEMPORARY = 75;
    /** EX_CONFIG: the configuration is wrong; the message names the key. */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }
}
