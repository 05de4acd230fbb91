package dev.tarn.auth;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first-start setup of a server started with {@code root.wait_for_setup}: while root has no
 * password, one call sets it and creates the first DBA user. It logs nobody in.
 */
public final class SetupService {
    private static final Logger LOG = LoggerFactory.getLogger(SetupService.class);

    private final UserStore users;
    private final PasswordHasher hasher;

    public SetupService(UserStore users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
    }

    /** Whether root still has no password. */
    public boolean needsSetup() {
        return RootAccount.awaitsSetup(users);
    }

    /**
     * Sets root's password and creates the DBA user; returns that user. ALREADY_CONFIGURED once root
     * has a password, INVALID_PASSWORD for a weak password, INVALID_USER_NAME for a bad name or root,
     * USER_EXISTS for a taken name. Synchronized, so two setups cannot interleave.
     */
    public synchronized User setup(SetupRequest request) {
        if (!needsSetup()) {
            throw new TarnException(ErrorCode.ALREADY_CONFIGURED, "The server has already been set up: root has a password");
        }
        requirePassword(request.password(), "The DBA user's password");
        requirePassword(request.rootPassword(), "The root password");
        if (request.userName().equals(RootAccount.NAME)) {
            throw new TarnException(ErrorCode.INVALID_USER_NAME, "The DBA user cannot be named 'root'; choose another name");
        }
        UserStore.requireName(request.userName());
        request.email().ifPresent(UserStore::requireEmail);
        if (users.find(request.userName()).isPresent()) {
            throw new TarnException(ErrorCode.USER_EXISTS, "User '" + request.userName() + "' already exists");
        }
        User administrator = users.create(request.userName(), Role.DBA, request.password(), request.email());
        if (!users.setFirstPassword(RootAccount.NAME, request.rootPassword())) {
            // cannot happen within this process (synchronized); undo rather than leave a half-done setup
            users.delete(administrator.name());
            throw new TarnException(ErrorCode.ALREADY_CONFIGURED, "The server has already been set up: root has a password");
        }
        LOG.info("event=setup_completed dba_user={}", administrator.name());
        return administrator;
    }

    private void requirePassword(String password, String whose) {
        try {
            hasher.requireAcceptable(password);
        } catch (TarnException e) {
            throw new TarnException(e.code(), whose + ": " + e.getMessage());
        }
    }
}
