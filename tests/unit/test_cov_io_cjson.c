/*
 * test_cov_io_cjson.c — a cJSON tree written back as JSON text for the one
 * record reader (input_cjson.c): a number that kept its text is written as
 * it was; one without comes back from its double when it has at most 15
 * digits, else as "%.15g" (which the reader then refuses, saying why);
 * infinities as 1e999 (out of range, as the reader will say) and NaN as
 * null; strings escaped; arrays and objects in order.  Worked by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "input.h"
#include "mem.h"

static void assert_text(cJSON *j, const char *want)
{
    buf b = {0};
    input_cjson_text(&b, j);
    assert_string_equal(buf_text(&b), want);
    buf_free(&b);
    cJSON_Delete(j);
}

static void test_numbers(void **state)
{
    (void)state;
    assert_text(cJSON_CreateNumber(0.5), "0.5");
    assert_text(cJSON_CreateNumber(-12), "-12");
    assert_text(cJSON_CreateNumber(0.1 + 0.2), "0.3"); /* 15 digits: 0.300000000000000 */
    assert_text(cJSON_CreateNumber(1e300), "1e+300");  /* beyond 10^18: the reader says it is too large */
    assert_text(cJSON_CreateNumber(INFINITY), "1e999");
    assert_text(cJSON_CreateNumber(-INFINITY), "-1e999");
    assert_text(cJSON_CreateNumber(NAN), "null");
    /* a number that kept its text is written as it was written */
    cJSON *n = cJSON_CreateNumber(0.1);
    n->valuestring = mem_strdup("0.1000");
    buf b = {0};
    input_cjson_text(&b, n);
    assert_string_equal(buf_text(&b), "0.1000");
    buf_free(&b);
    mem_free(n->valuestring);
    n->valuestring = NULL;
    cJSON_Delete(n);
}

static void test_other_values(void **state)
{
    (void)state;
    assert_text(cJSON_CreateString("a\"b"), "\"a\\\"b\"");
    assert_text(cJSON_CreateTrue(), "true");
    assert_text(cJSON_CreateFalse(), "false");
    assert_text(cJSON_CreateNull(), "null");
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", "A");
    cJSON *xs = cJSON_AddArrayToObject(o, "xs");
    cJSON_AddItemToArray(xs, cJSON_CreateNumber(1));
    cJSON_AddItemToArray(xs, cJSON_CreateNumber(2));
    cJSON_AddObjectToObject(o, "empty");
    assert_text(o, "{\"id\":\"A\",\"xs\":[1,2],\"empty\":{}}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_other_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
