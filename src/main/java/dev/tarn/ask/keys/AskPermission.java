package dev.tarn.ask.keys;

/**
 * What an AskTable caller may do, each with the weakest role that may do it (contract section 1.3:
 * an asker may ask, mint tokens and add a datasource with its files, nothing that manages).
 */
public enum AskPermission {
    /** Create, list and delete a project's API keys. */
    MANAGE_KEYS(AskRole.SYS),
    /** Create, list and delete the project's Ask API keys ({@code sk_live_}, {@code pk_live_}). */
    MANAGE_ASK_KEYS(AskRole.ADMIN),
    /** Read, change and delete datasources, their metadata, indexes and connection tests. */
    MANAGE_DATASOURCES(AskRole.ADMIN),
    /** Roles, policies and their row filters. */
    MANAGE_ACCESS(AskRole.ADMIN),
    /** Question/SQL training pairs. */
    MANAGE_TRAINING(AskRole.ADMIN),
    /** Add a datasource and upload its files. */
    CREATE_DATASOURCE(AskRole.ASKER),
    /** Mint temporary tokens ({@code /v1/auth/tokens}). */
    ISSUE_TOKENS(AskRole.ASKER),
    /** q2s, q2a, q2w and {@code /v1/ask}. */
    ASK(AskRole.ASKER),
    /** {@code /v1/auth/me}. */
    SEE_SELF(AskRole.VISITOR);

    private final AskRole weakestRole;

    AskPermission(AskRole weakestRole) {
        this.weakestRole = weakestRole;
    }

    public AskRole weakestRole() {
        return weakestRole;
    }
}
