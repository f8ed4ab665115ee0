# CTest fixture `demo_build`: one `omrade build` of the embedded default, shared by the BuildDemo
# tests (read-only), instead of one build per test process. Writes OUT/out (the build), and
# OUT/stdout, OUT/stderr, OUT/exit_code; a failing build is reported by the tests that read it.
# Usage: cmake -DOMRADE=<binary> -DOUT=<dir> -P demo_build.cmake
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
execute_process(COMMAND "${OMRADE}" build --no-progress --out "${OUT}/out"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(WRITE "${OUT}/stdout" "${out}")
file(WRITE "${OUT}/stderr" "${err}")
# Written last: its presence says the build finished (whatever its exit code).
file(WRITE "${OUT}/exit_code" "${rc}")
