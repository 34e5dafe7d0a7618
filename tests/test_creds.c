/*
 * Credential detection (lib/cred.c) and the checks built on it: the
 * pattern table case by case, masking, kubeconfig parsing, real
 * manifests, and that no canary value of the fixtures reaches any report
 * format.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cred.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "checks/registry.h"
#include "scan.h"
#include "testutil.h"

struct cred_case {
	const char *key, *value;
	enum cred_strength want;
	const char *pattern; /* substring of the pattern name, or NULL */
};

static const struct cred_case cred_cases[] = {
	/* formats, whatever the key */
	{ "X", "AKIATMCANARY0000ENV1", CRED_STRONG, "AWS access key" },
	{ "X", "ASIATMCANARY0000ENV1", CRED_STRONG, "AWS access key" },
	{ NULL, "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", CRED_STRONG,
	  "PEM" },
	{ NULL, "-----BEGIN ENCRYPTED PRIVATE KEY-----", CRED_STRONG, "PEM" },
	{ "cert", "-----BEGIN CERTIFICATE-----\nMIIB\n", CRED_NONE, NULL },
	{ "url", "postgres://app:s3cr3t-pw@db:5432/app", CRED_STRONG,
	  "connection string" },
	{ "url", "postgres://app:${DB_PASSWORD}@db:5432/app", CRED_NONE, NULL },
	{ "url", "https://example.com/path", CRED_NONE, NULL },
	{ "conn", "Server=db;Database=x;User Id=sa;Password=Tm1Canary;",
	  CRED_STRONG, "connection string" },
	{ "x", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl",
	  CRED_STRONG, "JSON Web Token" },
	{ "x", "ghp_0123456789abcdefghijABCDEFGHIJ0123456789", CRED_STRONG,
	  "GitHub" },
	{ "x", "xoxb-1234567890-TmCanaryToken", CRED_STRONG, "Slack" },
	{ "x", "AIzaSyTmCanary0123456789abcdefghijklmno", CRED_STRONG,
	  "Google API" },
	{ "key.json", "{\"type\": \"service_account\", \"project_id\": \"p\"}",
	  CRED_STRONG, "Google service-account" },
	{ "x",
	  "DefaultEndpointsProtocol=https;AccountName=a;AccountKey="
	  "VE1DQU5BUllUTUNBTkFSWVRNQ0FOQVJZVE1DQU5BUlk=",
	  CRED_STRONG, "Azure storage" },
	{ ".dockerconfigjson",
	  "{\"auths\":{\"r\":{\"auth\":\"dXNlcjpwYXNz\"}}}", CRED_STRONG,
	  "docker config" },
	/* names */
	{ "DB_PASSWORD", "hunter22", CRED_WEAK, "literal" },
	{ "dbPassword", "hunter22", CRED_WEAK, "literal" },
	{ "client-secret", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA", CRED_STRONG,
	  "random" },
	{ "API_TOKEN", "0123456789abcdef0123456789abcdef", CRED_STRONG,
	  "random" },
	{ "MINIO_SECRET_KEY", "password", CRED_WEAK, "literal" },
	{ "API_TOKEN", "changeme", CRED_NONE, NULL },
	{ "API_TOKEN", "", CRED_NONE, NULL },
	{ "API_TOKEN", "${TOKEN}", CRED_NONE, NULL },
	{ "API_TOKEN", "{{ .Values.token }}", CRED_NONE, NULL },
	{ "API_TOKEN", "<nil>", CRED_NONE, NULL },
	{ "API_TOKEN", "true", CRED_NONE, NULL },
	{ "API_TOKEN", "3600", CRED_NONE, NULL },
	{ "API_TOKEN", "xxxxxxxxxx", CRED_NONE, NULL },
	{ "DB_PASSWORD", "vault:secret/data/db#password", CRED_NONE, NULL },
	{ "TOKEN_FILE", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA", CRED_NONE, NULL },
	{ "SECRET_NAME", "db-credentials", CRED_NONE, NULL },
	{ "secretName", "db-credentials", CRED_NONE, NULL },
	{ "API_TOKENS", "hunter22", CRED_WEAK, NULL },
	{ "TOKENIZER", "wordpiece", CRED_NONE, NULL },
	{ "PASSWORD_MIN_LENGTH", "12", CRED_NONE, NULL },
	{ "AWS_ACCESS_KEY_ID", "admin-user", CRED_NONE, NULL },
	{ "LOG_LEVEL", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA", CRED_NONE, NULL },
	/* files, line by line */
	{ "app.properties", "a=1\nspring.datasource.password=hunter22\n",
	  CRED_WEAK, "literal" },
	{ "app.yaml", "db:\n  password: ${DB_PASSWORD}\n  host: db\n",
	  CRED_NONE, NULL },
	{ ".env", "export API_KEY=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA\n",
	  CRED_STRONG, "random" },
	{ "x.json", "{\n  \"password\": \"hunter22\",\n  \"user\": \"a\"\n}\n",
	  CRED_WEAK, "literal" },
	{ "x.ini", "# password = hunter22\n[db]\nhost = db\n", CRED_NONE,
	  NULL },
	{ "DB_PASSWORD", "hunter22\n", CRED_WEAK, "literal" },
};

START_TEST(test_cred_table)
{
	const struct cred_case *x = &cred_cases[_i];
	struct diag d;
	struct cred *c = cred_new(&d);
	struct cred_hit h;
	enum cred_strength got;

	ck_assert_ptr_nonnull(c);
	got = cred_match(c, x->key, x->value, strlen(x->value), &h);
	ck_assert_msg(got == x->want, "'%s' = '%s': strength %d, want %d (%s)",
		      x->key ? x->key : "", x->value, got, x->want,
		      got ? h.pattern : "-");
	if (x->pattern)
		ck_assert_msg(strstr(h.pattern, x->pattern), "'%s': pattern %s",
			      x->value, h.pattern);
	if (got != CRED_NONE)
		ck_assert_msg(strlen(x->value) < 6 ||
				  !strstr(h.masked, x->value),
			      "mask '%s' shows the value", h.masked);
	ck_assert(cred_looks_secret(c, x->key, x->value) ==
		  (x->want != CRED_NONE));
	cred_free(c);
}
END_TEST

START_TEST(test_cred_mask)
{
	char m[CRED_MASK_MAX];

	cred_mask("AKIATMCANARY0000ENV1", 20, m, sizeof(m));
	ck_assert_str_eq(m, "AKIA... (16-31 chars)");
	cred_mask("hunter22", 8, m, sizeof(m));
	ck_assert_str_eq(m, "hu... (8-15 chars)");
	cred_mask("abc", 3, m, sizeof(m));
	ck_assert_str_eq(m, "... (under 8 chars)");
	cred_mask("a\"b\\cdefghijklmnopq", 19, m, sizeof(m));
	ck_assert_str_eq(m, "a?b?... (16-31 chars)");
}
END_TEST

START_TEST(test_cred_entropy)
{
	ck_assert(cred_entropy("aaaaaaaa", 8) < 0.001);
	ck_assert(cred_entropy("abcdefgh", 8) > 2.99);
	ck_assert(cred_entropy("", 0) == 0);
}
END_TEST

START_TEST(test_cred_kubeconfig)
{
	static const char with_token[] =
	    "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
	    "    server: https://x\nusers:\n- name: a\n  user: {}\n- name: u\n"
	    "  user:\n    token: TmCanaryKubeToken123\n";
	static const char exec_only[] =
	    "apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: u\n"
	    "  user:\n    exec:\n      command: aws\n";
	static const char json_key[] =
	    "{\"kind\":\"Config\",\"clusters\":[],\"users\":[{\"name\":\"u\","
	    "\"user\":{\"client-key-data\":\"VE1DQU5BUlk=\"}}]}";
	size_t u = 99;

	ck_assert_str_eq(cred_kubeconfig(with_token, strlen(with_token), &u),
			 "token");
	ck_assert_uint_eq(u, 1);
	ck_assert_ptr_null(cred_kubeconfig(exec_only, strlen(exec_only), &u));
	ck_assert_str_eq(cred_kubeconfig(json_key, strlen(json_key), NULL),
			 "client-key-data");
	ck_assert_ptr_null(cred_kubeconfig("users: [", 8, NULL));
}
END_TEST

/* ---- no canary in any report ---- */

/* Every full secret value in the fixtures of the credential checks. */
static const char *const canaries[] = {
	"AKIATMCANARY0000ENV1",
	"TmCanary-9fQ2xL7vK3pW8rT1zY6b",
	"TmCanaryProps-7Hq2Lz9Xw4Rk1Vb8",
	"tmcanary-conn-8812",
	"TMCANARYFAKEKEYMATERIAL",
	"tmcanary-args-Pw-31x",
	"TmCanaryArg-8sD2fG5hJ1kL4zX7cV0",
	"TmCanarySmtp-4Rt8Yu2Io6Pa",
	"eyJzdWIiOiJ0bWNhbmFyeSJ9",
	"TmCanaryKubeconfigToken",
	"TmCanaryDemo",
	"hunter2-tmc",
};

static const char *const formats[] = {
	"text", "json", "sarif", "html", "markdown", "junit",
};

START_TEST(test_no_canary_in_reports)
{
	const char *fmt = formats[_i];
	static const char *const inputs[][2] = {
		{ "testdata/checks/app-credentials/fire", "app-credentials" },
		{ "testdata/checks/kubeconfig-exposed/fire",
		  "kubeconfig-exposed" },
		{ "testdata/demo", "app-credentials" },
	};
	size_t i, k;

	for (i = 0; i < sizeof(inputs) / sizeof(*inputs); i++) {
		char cmd[1024], *out = NULL;
		int rc;

		snprintf(cmd, sizeof(cmd), "%s scan -f %s --format %s 2>&1",
			 tu_bin(), inputs[i][0], fmt);
		rc = tu_run(cmd, &out);
		ck_assert_msg(rc == 0 || rc == 1, "%s: exit %d: %s", cmd, rc,
			      out ? out : "");
		ck_assert_msg(out && strstr(out, inputs[i][1]),
			      "%s: no %s finding", cmd, inputs[i][1]);
		for (k = 0; k < sizeof(canaries) / sizeof(*canaries); k++)
			ck_assert_msg(!strstr(out, canaries[k]),
				      "%s: output holds canary '%s'", cmd,
				      canaries[k]);
		free(out);
	}
}
END_TEST

/* ---- real manifests ---- */

static size_t count_of(const char *path, const char *check_id,
		       enum severity sev, const char *msg)
{
	const char *p[1] = { path };
	struct scan *s = tu_scan_paths(p, 1);
	struct findings f;
	struct check_result *res;
	size_t nres, i, n = 0;

	findings_init(&f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, check_registry, NULL, NULL, &f, &res, &nres), 0);
	for (i = 0; i < f.n; i++)
		if (!strcmp(f.v[i]->check->id, check_id) &&
		    (sev == SEV_NONE || f.v[i]->severity == sev) &&
		    (!msg || strstr(f.v[i]->message, msg)))
			n++;
	findings_release(&f);
	free(res);
	scan_free(s);
	return n;
}

START_TEST(test_real_argo_minio)
{
	char path[1024];
	TU_NEED_SHARED(shared);

	/* the quick start's MinIO runs with a literal default secret key */
	snprintf(path, sizeof(path),
		 "%s/k8s-real/sensitive-apps/argo-workflows/"
		 "quick-start-minimal.yaml",
		 shared);
	ck_assert_uint_eq(count_of(path, "app-credentials", SEV_MEDIUM,
				   "env 'MINIO_SECRET_KEY'"),
			  1);
	ck_assert_uint_eq(count_of(path, "app-credentials", SEV_NONE, NULL), 1);
}
END_TEST

START_TEST(test_real_argo_cd_clean)
{
	char path[1024];
	TU_NEED_SHARED(shared);

	/* Argo CD reads settings, not credentials, from its ConfigMaps */
	snprintf(path, sizeof(path),
		 "%s/k8s-real/sensitive-apps/argo-cd/install.yaml", shared);
	ck_assert_uint_eq(count_of(path, "app-credentials", SEV_NONE, NULL), 0);
}
END_TEST

START_TEST(test_real_examples_clean)
{
	char path[1024];
	TU_NEED_SHARED(shared);

	/* vLLM takes its Hugging Face token from a Secret: silent */
	snprintf(path, sizeof(path),
		 "%s/k8s-real/examples/kubernetes-examples/"
		 "AI__vllm-deployment__vllm-deployment.yaml",
		 shared);
	ck_assert_uint_eq(count_of(path, "app-credentials", SEV_NONE, NULL), 0);
}
END_TEST

Suite *suite_creds(void)
{
	Suite *s = suite_create("creds");
	TCase *tc = tcase_create("cred");

	tcase_add_loop_test(tc, test_cred_table, 0,
			    (int)(sizeof(cred_cases) / sizeof(*cred_cases)));
	tcase_add_test(tc, test_cred_mask);
	tcase_add_test(tc, test_cred_entropy);
	tcase_add_test(tc, test_cred_kubeconfig);
	suite_add_tcase(s, tc);
	tc = tcase_create("reports");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_no_canary_in_reports, 0,
			    (int)(sizeof(formats) / sizeof(*formats)));
	suite_add_tcase(s, tc);
	tc = tcase_create("real");
	tcase_add_test(tc, test_real_argo_minio);
	tcase_add_test(tc, test_real_argo_cd_clean);
	tcase_add_test(tc, test_real_examples_clean);
	suite_add_tcase(s, tc);
	return s;
}
