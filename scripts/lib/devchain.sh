# Start/stop helpers for the local dev chain (sourced by scripts).
QSP_DEVCHAIN_PORT="${QSP_DEVCHAIN_PORT:-8545}"
QSP_DEVCHAIN_PID=""
devchain_start() {
    if [ ! -x devchain/serve ]; then echo "devchain: not present, skipping" >&2; return 0; fi
    mkdir -p out
    devchain/serve --port "$QSP_DEVCHAIN_PORT" --accounts-file out/devchain-accounts.json >out/devchain.log 2>&1 &
    QSP_DEVCHAIN_PID=$!
    for _ in $(seq 1 120); do
        if curl -s -m 1 -X POST -H 'content-type: application/json' \
            --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' \
            "http://127.0.0.1:$QSP_DEVCHAIN_PORT" >/dev/null 2>&1; then
            export QSP_DEVCHAIN_URL="http://127.0.0.1:$QSP_DEVCHAIN_PORT"
            echo "devchain: up at $QSP_DEVCHAIN_URL (pid $QSP_DEVCHAIN_PID)" >&2
            return 0
        fi
        sleep 0.5
    done
    echo "devchain: did not start; log follows" >&2; cat out/devchain.log >&2; return 1
}
devchain_stop() {
    if [ -n "$QSP_DEVCHAIN_PID" ]; then kill "$QSP_DEVCHAIN_PID" 2>/dev/null || true; wait "$QSP_DEVCHAIN_PID" 2>/dev/null || true; QSP_DEVCHAIN_PID=""; fi
}
