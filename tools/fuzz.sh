#!/usr/bin/env bash
# The long runs of the fuzz targets (./medmoe fuzz): Jazzer's coverage-guided fuzzer (libFuzzer on
# the JVM) on each target of the test sources, seeded from real DICOM files, a real multipart body
# and real StudyEvents. Prints one line per target and a total; exits 1 when a target found an
# input that it did not handle (the input is kept under WORKDIR/findings/TARGET/).
#
#   ./medmoe fuzz [--targets a,b,...] [--runs N] [--seconds S] [--workdir DIR]
#
#   --targets  dicom-reader, jpeg-ls, jpeg, jpeg12, jpeg2000, rle, multipart, intake (default: all)
#   --runs     executions per target (default 200000; 0 = no limit, then --seconds ends it)
#   --seconds  time per target (default 600)
#   --workdir  corpora, findings and logs (default service/target/fuzz; corpora grow across runs)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
targets="dicom-reader,jpeg-ls,jpeg,jpeg12,jpeg2000,rle,multipart,intake"
runs=200000
seconds=600
work="$ROOT/service/target/fuzz"
while [ $# -gt 0 ]; do
  case "$1" in
    --targets) targets="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --workdir) work="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "medmoe fuzz: unknown option $1 (see ./medmoe fuzz --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[0-9]+$ ]] || { echo "medmoe fuzz: --runs takes a number, not '$runs'" >&2; exit 2; }
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "medmoe fuzz: --seconds takes a positive number, not '$seconds'" >&2; exit 2; }

class_of() {
  case "$1" in
    dicom-reader) echo 'org.medmoe.dicom.DicomFuzzTargets$Reader' ;;
    jpeg-ls) echo 'org.medmoe.dicom.DicomFuzzTargets$JpegLs' ;;
    jpeg) echo 'org.medmoe.dicom.DicomFuzzTargets$Jpeg' ;;
    jpeg12) echo 'org.medmoe.dicom.DicomFuzzTargets$Jpeg12' ;;
    jpeg2000) echo 'org.medmoe.dicom.DicomFuzzTargets$Jpeg2000' ;;
    rle) echo 'org.medmoe.dicom.DicomFuzzTargets$Rle' ;;
    multipart) echo 'org.medmoe.dicom.web.MultipartFuzzTarget' ;;
    intake) echo 'org.medmoe.topology.IntakeFuzzTarget' ;;
    *) echo "medmoe fuzz: unknown target '$1'" >&2; exit 2 ;;
  esac
}
for t in ${targets//,/ }; do class_of "$t" >/dev/null; done

mkdir -p "$work"
echo "medmoe fuzz: compiling the fuzz targets and resolving Jazzer ..." >&2
mvn -B -q -f "$ROOT/pom.xml" -pl service -Pfuzz -DskipTests test-compile >&2
mvn -B -q -f "$ROOT/service/pom.xml" -Pfuzz dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >&2
cp="$ROOT/service/target/test-classes:$ROOT/service/target/classes:$(cat "$work/classpath.txt")"

echo "medmoe fuzz: writing the seed corpora from real files ..." >&2
rm -rf "$work/seeds"
java -cp "$cp" org.medmoe.dicom.DicomFuzzTargets "$work/seeds" 2>/dev/null
sample="$(dpkg -L python3-pydicom | grep '/CT_small.dcm$' | head -1)"
java -cp "$cp" org.medmoe.dicom.web.MultipartFuzzTarget "$work/seeds/multipart" "$sample" 2>/dev/null
java -cp "$cp" org.medmoe.topology.IntakeFuzzTarget "$work/seeds/intake" 2>/dev/null

total=0
total_seconds=0
found=0
for t in ${targets//,/ }; do
  mkdir -p "$work/corpus/$t" "$work/findings/$t" "$work/logs"
  log="$work/logs/$t.log"
  start=$(date +%s)
  set +e
  java -Xmx3g -cp "$cp" com.code_intelligence.jazzer.Jazzer --target_class="$(class_of "$t")" \
    --instrumentation_includes='org.medmoe.**:com.pixelmed.**:org.apache.avro.**' \
    -runs="$([ "$runs" = 0 ] && echo -1 || echo "$runs")" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$work/findings/$t/" "$work/corpus/$t" "$work/seeds/$t" >"$log" 2>&1
  rc=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  n=$(grep -o 'Done [0-9]* runs' "$log" | tail -1 | grep -o '[0-9]*' || true)
  [ -n "$n" ] || n=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
  n=${n:-0}
  # crash-, timeout-, oom- and leak- inputs are findings; slow-unit- inputs (slower than libFuzzer's
  # -report_slow_units, 10 s) are listed apart: they are worth a look, not a failure.
  crashes=$(find "$work/findings/$t" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
  slow=$(find "$work/findings/$t" -type f -name 'slow-unit-*' | wc -l)
  total=$((total + n)); total_seconds=$((total_seconds + elapsed))
  if [ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ]; then
    found=$((found + 1))
    echo "fuzz: $t $n executions in $elapsed s, FINDING (exit $rc): $(find "$work/findings/$t" -type f ! -name 'slow-unit-*' | head -3 | tr '\n' ' ') log $log"
  else
    echo "fuzz: $t $n executions in $elapsed s ($(( n / (elapsed > 0 ? elapsed : 1) ))/s), corpus $(ls "$work/corpus/$t" | wc -l) inputs, nothing found"
  fi
  if [ "$slow" -gt 0 ]; then
    echo "fuzz: $t slow inputs (over 10 s each, not failures): $(find "$work/findings/$t" -type f -name 'slow-unit-*' | head -3 | tr '\n' ' ')"
  fi
done
echo "fuzz: $total executions in $total_seconds s over ${targets//,/, }; targets with findings: $found"
[ "$found" -eq 0 ]
