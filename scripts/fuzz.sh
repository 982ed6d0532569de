#!/usr/bin/env bash
# Fuzzes the code that reads mail with libFuzzer (swiftc -sanitize=fuzzer,address): the MIME
# parser, HTML to text, the address parser and the Authentication-Results parser, each seeded
# from the test corpora. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# CI runs 40 s per target; run longer by hand (scripts/fuzz.sh 3600). A crash or a timeout
# (an input taking over 10 s) fails the run and leaves the input in .build-fuzz/artifacts/:
# add it to Tests/TicketdMIMETests/Fixtures/fuzz/ with a test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-40}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(mime html address authresults)
out=.build-fuzz
mkdir -p "$out/artifacts"
binary="$out/ticketd-fuzz"
sources=(Sources/TicketdMIME/*.swift Tests/Fuzz/FuzzTarget.swift)
if [ ! -x "$binary" ] || [ -n "$(find "${sources[@]}" -newer "$binary" | head -1)" ]; then
    echo "building $binary" >&2
    rm -f "$binary"
    swiftc -O -parse-as-library -sanitize=fuzzer,address -module-name TicketdMIMEFuzz \
        -I Sources/CCrypto "${sources[@]}" -o "$binary" 2>&1 | grep -v "Cannot export local symbol" >&2 || true
    [ -x "$binary" ] || { echo "the fuzzer did not build" >&2; exit 1; }
fi
status=0
for target in "${targets[@]}"; do
    corpus="$out/corpus/$target"
    mkdir -p "$corpus"
    case $target in
        mime)
            # Seeds named folder-name.eml: two folders may hold files of the same name.
            for seed in Tests/TicketdMIMETests/Fixtures/*.eml Tests/TicketdMIMETests/Fixtures/*/*.eml; do
                cp "$seed" "$corpus/$(basename "$(dirname "$seed")")-$(basename "$seed")"
            done
            ;;
        html) printf '<html><title>x</title><p>a&amp;b<br><a href="http://x">y</a></p><!-- c --></html>' >"$corpus/seed1" ;;
        address) printf '"Doe, John" <j@x.org>, =?utf-8?q?J=C3=BCrgen?= <jm@x.org>, (c) a@b.c;' >"$corpus/seed1"
            printf 'attachment; filename*0*=utf-8%%27%%27a%%20b; filename*1="c.pdf"' >"$corpus/seed2" ;;
        authresults) printf 'mx.example.org 1; dkim=pass (ok) header.d=example.org; dmarc=pass header.from=example.org' \
            >"$corpus/seed1" ;;
        *) echo "unknown target $target" >&2; exit 2 ;;
    esac
    if [ -d "Tests/TicketdMIMETests/Fixtures/fuzz/$target" ]; then
        cp Tests/TicketdMIMETests/Fixtures/fuzz/"$target"/* "$corpus/" 2>/dev/null || true
    fi
    echo "== fuzzing $target for ${seconds}s" >&2
    TICKETD_FUZZ_TARGET=$target "$binary" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        -max_len=262144 -artifact_prefix="$out/artifacts/$target-" -print_final_stats=1 2>"$out/$target.log" \
        || { status=$?; tail -40 "$out/$target.log" >&2; }
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$out/$target.log" | sed "s/^/$target /" >&2 || true
done
exit "$status"
