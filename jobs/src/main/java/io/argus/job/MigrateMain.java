package io.argus.job;

/** {@code ./argus migrate}: applies the schema migrations to a database. args: URL, user, password. */
public final class MigrateMain {
    private MigrateMain() {}

    public static void main(String[] args) {
        try {
            String v = SchemaMigrator.migrate(args[0], args[1], args[2]);
            System.out.println("migrate: " + args[0] + " is at schema version " + v);
        } catch (IllegalStateException e) {
            System.err.println("argus: error: " + e.getMessage());
            System.exit(1);
        }
    }
}
