package skillgraph.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.kernel.internal.Version;

/** Runs an embedded Neo4j Community DBMS exposing only Bolt, until SIGTERM/SIGINT. */
public final class Launcher {

    /** Lets callers keep the password off the command line (and out of `ps`). */
    static final String PASSWORD_ENV = "SKILLGRAPH_NEO4J_PASSWORD";

    private Launcher() {}

    /** Parsed command-line options. */
    record Options(Path data, String host, int port, String password, String pagecache) {}

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ERROR " + e.getMessage());
            System.err.println(
                    "usage: Launcher --data DIR --port N [--host 127.0.0.1] [--password PW] [--pagecache 256m]");
            System.exit(2);
            return;
        }
        try {
            run(options);
        } catch (Throwable t) {
            System.err.println("ERROR failed to start Neo4j: " + t);
            t.printStackTrace();
            System.err.flush();
            // Neo4j leaves non-daemon threads behind on a failed start; exit explicitly.
            Runtime.getRuntime().halt(1);
        }
    }

    static Options parse(String[] args) {
        Path data = null;
        String host = "127.0.0.1";
        Integer port = null;
        String password = System.getenv(PASSWORD_ENV);
        String pagecache = "256m";
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--data" -> data = Path.of(value).toAbsolutePath().normalize();
                case "--host" -> host = value;
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port must be an integer, got " + value);
                    }
                }
                case "--password" -> password = value;
                case "--pagecache" -> pagecache = value;
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (data == null || port == null) {
            throw new IllegalArgumentException("--data and --port are required");
        }
        if (password != null && password.isEmpty()) {
            password = null;
        }
        return new Options(data, host, port, password, pagecache);
    }

    static void run(Options o) throws IOException, InterruptedException {
        Files.createDirectories(o.data());
        Path logs = o.data().resolve("logs");
        Files.createDirectories(logs);
        // LOAD CSV 'file:///x.csv' reads DATA/import/x.csv (used by the ingest benchmark's baseline).
        Path imports = o.data().resolve("import");
        Files.createDirectories(imports);
        boolean auth = o.password() != null;

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(o.data())
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(o.host(), o.port()))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(o.host(), o.port()))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.logs_directory, logs)
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, imports)
                .setConfig(GraphDatabaseSettings.pagecache_memory, SettingValueParsers.BYTES.parse(o.pagecache()))
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                // Neo4j keeps two days of transaction logs by default: a few loads of the city data
                // (~4 GB of logs each) filled the disk. Recovery needs only those since the last
                // checkpoint, and Community edition has no incremental backup to read older ones.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1G size")
                // A local dev/test DBMS: let callers choose short throwaway passwords.
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                // Netty's default 5 s quiet period runs once per event-loop group, so SIGTERM took
                // ~10 s after the databases had already checkpointed and closed; nothing is lost by 1 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 1)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            System.out.flush();
            try {
                dbms.shutdown();
            } finally {
                System.out.println("STOPPED");
                System.out.flush();
                stopped.countDown();
            }
        }, "skillgraph-neo4j-shutdown"));

        if (auth) {
            setPassword(dbms, o.password());
        }
        System.out.println("NEO4J_VERSION " + Version.getNeo4jVersion());
        System.out.println("READY bolt://" + o.host() + ":" + o.port());
        System.out.flush();
        // Idle until the shutdown hook has closed the DBMS; the JVM then exits normally.
        stopped.await();
    }

    /** Sets the neo4j user's password through the system database, without a forced change. */
    static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            // Re-running with the password already in place is the normal restart case, not an error.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }
}
