# Real-client test: Chromium renders every profil.html and index.html of the demo build to PDF
# and PNG (headless, no network); poppler checks pages and text. Chromium missing is a failure: the README's test command installs it.
add_test(NAME clients_chromium
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/chromium_check.py
    --omrade $<TARGET_FILE:omrade>
    --scratch ${CMAKE_CURRENT_BINARY_DIR}/chromium_scratch
    --artifacts ${PROJECT_BINARY_DIR}/test_artifacts/chromium)
set_tests_properties(clients_chromium PROPERTIES LABELS "clients;chromium" TIMEOUT 600)
