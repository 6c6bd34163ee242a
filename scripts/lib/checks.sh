# Assertions for the end-to-end scripts: each prints PASS/FAIL and counts into the caller's
# `passed` and `failed` variables (the script prints the totals and exits non-zero on a failure).

check() { # check NAME EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then passed=$((passed+1)); echo "PASS $1";
  else failed=$((failed+1)); echo "FAIL $1: expected [$2], got [$3]"; fi
}

contains() { # contains NAME NEEDLE HAYSTACK
  if [[ "$3" == *"$2"* ]]; then passed=$((passed+1)); echo "PASS $1";
  else failed=$((failed+1)); echo "FAIL $1: [$2] not in output: ${3:0:400}"; fi
}

# Evaluates a Python expression over a JSON document: jget JSON 'd["data"]["token"]'.
jget() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"; }
