# SOCI (core, sqlite3 and mysql backends) from Debian's libsoci-dev 4.0.3,
# which ships no CMake package config: find the libraries and headers by
# hand and expose them as IMPORTED targets. Headers are SYSTEM includes so
# Herald's warning flags (-Wold-style-cast, -Wshadow, ...) stay on our code.
#
#   soci::core     libsoci_core   + /usr/include (soci/soci.h)
#   soci::sqlite3  libsoci_sqlite3 + libsqlite3
#   soci::mysql    libsoci_mysql  + libmariadb, and the include path of
#                  `mariadb_config --include` (soci-mysql.h includes <mysql.h>)
#
# scripts/setup installs: libsoci-dev libsqlite3-dev libmariadb-dev.
include_guard(GLOBAL)

set(_herald_soci_hint "run scripts/setup (installs libsoci-dev libsqlite3-dev libmariadb-dev)")

find_path(HERALD_SOCI_INCLUDE_DIR soci/soci.h)
find_library(HERALD_SOCI_CORE_LIBRARY NAMES soci_core)
find_library(HERALD_SOCI_SQLITE3_LIBRARY NAMES soci_sqlite3)
find_library(HERALD_SOCI_MYSQL_LIBRARY NAMES soci_mysql)
foreach(_var HERALD_SOCI_INCLUDE_DIR HERALD_SOCI_CORE_LIBRARY HERALD_SOCI_SQLITE3_LIBRARY
             HERALD_SOCI_MYSQL_LIBRARY)
  if(NOT ${_var})
    message(FATAL_ERROR "SOCI not found (${_var}): ${_herald_soci_hint}")
  endif()
endforeach()

find_package(SQLite3 REQUIRED)

# The MariaDB client: prefer mariadb_config (what the package documents),
# fall back to the usual Debian location.
find_program(HERALD_MARIADB_CONFIG NAMES mariadb_config mysql_config)
set(_herald_mariadb_includes "")
if(HERALD_MARIADB_CONFIG)
  execute_process(COMMAND "${HERALD_MARIADB_CONFIG}" --include
    OUTPUT_VARIABLE _herald_mariadb_cflags OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _herald_mariadb_rc)
  if(_herald_mariadb_rc EQUAL 0)
    separate_arguments(_herald_mariadb_cflags UNIX_COMMAND "${_herald_mariadb_cflags}")
    foreach(_flag IN LISTS _herald_mariadb_cflags)
      if(_flag MATCHES "^-I(.+)$")
        list(APPEND _herald_mariadb_includes "${CMAKE_MATCH_1}")
      endif()
    endforeach()
  endif()
endif()
if(NOT _herald_mariadb_includes)
  find_path(_herald_mariadb_include_dir mysql.h PATH_SUFFIXES mariadb mysql)
  if(_herald_mariadb_include_dir)
    set(_herald_mariadb_includes "${_herald_mariadb_include_dir}")
  endif()
endif()
find_library(HERALD_MARIADB_LIBRARY NAMES mariadb mariadbclient mysqlclient)
if(NOT _herald_mariadb_includes OR NOT HERALD_MARIADB_LIBRARY)
  message(FATAL_ERROR "MariaDB client library or mysql.h not found: ${_herald_soci_hint}")
endif()

if(NOT TARGET soci::core)
  add_library(soci::core UNKNOWN IMPORTED GLOBAL)
  set_target_properties(soci::core PROPERTIES
    IMPORTED_LOCATION "${HERALD_SOCI_CORE_LIBRARY}"
    INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${HERALD_SOCI_INCLUDE_DIR}"
    INTERFACE_INCLUDE_DIRECTORIES "${HERALD_SOCI_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${CMAKE_DL_LIBS}")

  add_library(soci::sqlite3 UNKNOWN IMPORTED GLOBAL)
  set_target_properties(soci::sqlite3 PROPERTIES
    IMPORTED_LOCATION "${HERALD_SOCI_SQLITE3_LIBRARY}"
    INTERFACE_LINK_LIBRARIES "soci::core;SQLite::SQLite3")

  add_library(soci::mysql UNKNOWN IMPORTED GLOBAL)
  set_target_properties(soci::mysql PROPERTIES
    IMPORTED_LOCATION "${HERALD_SOCI_MYSQL_LIBRARY}"
    INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${_herald_mariadb_includes}"
    INTERFACE_INCLUDE_DIRECTORIES "${_herald_mariadb_includes}"
    INTERFACE_LINK_LIBRARIES "soci::core;${HERALD_MARIADB_LIBRARY}")
endif()
