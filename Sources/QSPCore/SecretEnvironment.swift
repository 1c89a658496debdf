/// The one list of the daemon's secret environment variables: the log redactor hides their values, and every child
/// process (analyzers, wrappers, workers: they handle hostile input) starts without them.
public enum SecretEnvironment {
    /// Variables whose values are secrets (a log line must never show them).
    public static let secretValues = ["QSP_ETH_PASSPHRASE", "QSP_ETH_AUTH_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]
    /// Variables a child process must not inherit: the secrets, and what leads to one (the passphrase file's path,
    /// the access key id that goes with the secret key).
    public static let hiddenFromChildren = secretValues + ["QSP_ETH_PASSPHRASE_FILE", "AWS_ACCESS_KEY_ID"]
}
