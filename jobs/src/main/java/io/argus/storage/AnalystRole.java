package io.argus.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only role analysts and Grafana use, {@value #ROLE}: created where the migrating user may
 * (with a password from a file, or NOLOGIN for a DBA to finish), granted read access to every table
 * and view, now and later; where it cannot be created, the exact statements a DBA must run are
 * printed. A missing analyst role is never passed over in silence.
 */
public final class AnalystRole {
    private static final Logger LOG = LoggerFactory.getLogger(AnalystRole.class);
    public static final String ROLE = "argus_analyst";

    private AnalystRole() {}

    /**
     * @param password the role's password when it is created here; null: created NOLOGIN
     * @return whether the role exists (and has its grants) afterwards
     */
    public static boolean ensure(Connection c, String password) throws SQLException {
        String db = c.getCatalog();
        if (!exists(c)) {
            boolean may = "t".equals(Sql.text(c, "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"));
            if (!may) {
                LOG.warn("the read-only role {} does not exist and {} may not create roles; a DBA should run:\n{}", ROLE,
                        Sql.text(c, "SELECT current_user"), statements(c, db, "LOGIN PASSWORD '<a password>'"));
                return false;
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + ROLE + (password == null ? " NOLOGIN" : " LOGIN PASSWORD " + literal(password)));
            }
            LOG.info(password == null ? "created the read-only role {} without login (no password file given): ALTER ROLE {} LOGIN PASSWORD '...' to use it"
                    : "created the read-only role {} (password from the file given){}", ROLE, password == null ? ROLE : "");
        }
        try (Statement s = c.createStatement()) {
            s.execute("GRANT CONNECT ON DATABASE " + ident(db) + " TO " + ROLE);
            s.execute("GRANT USAGE ON SCHEMA public TO " + ROLE);
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + ROLE);
            // Tables the migrating user creates later (new migrations, TimescaleDB's chunks) are readable too.
            s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + ROLE);
        }
        return true;
    }

    /** Read access to relations made after the migrations (views, continuous aggregates), where the role exists. */
    static void grantReading(Connection c, List<String> relations) throws SQLException {
        if (!exists(c)) return;
        try (Statement s = c.createStatement()) {
            for (String r : relations) s.execute("GRANT SELECT ON " + r + " TO " + ROLE);
        }
    }

    private static boolean exists(Connection c) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", ROLE);
    }

    private static String statements(Connection c, String db, String login) throws SQLException {
        String owner = Sql.text(c, "SELECT current_user");
        return "  CREATE ROLE " + ROLE + " " + login + ";\n"
                + "  GRANT CONNECT ON DATABASE " + ident(db) + " TO " + ROLE + ";\n"
                + "  \\c " + ident(db) + "\n"
                + "  GRANT USAGE ON SCHEMA public TO " + ROLE + ";\n"
                + "  GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + ROLE + ";\n"
                + "  ALTER DEFAULT PRIVILEGES FOR ROLE " + ident(owner) + " IN SCHEMA public GRANT SELECT ON TABLES TO " + ROLE + ";";
    }

    private static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
