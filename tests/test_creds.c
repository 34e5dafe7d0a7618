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
	{ .key = "X",
	  .value = "AKIATMCANARY0000ENV1",
	  .want = CRED_STRONG,
	  .pattern = "AWS access key" },
	{ .key = "X",
	  .value = "ASIATMCANARY0000ENV1",
	  .want = CRED_STRONG,
	  .pattern = "AWS access key" },
	{ .value = "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n",
	  .want = CRED_STRONG,
	  .pattern = "PEM" },
	{ .value = "-----BEGIN ENCRYPTED PRIVATE KEY-----",
	  .want = CRED_STRONG,
	  .pattern = "PEM" },
	{ .key = "cert",
	  .value = "-----BEGIN CERTIFICATE-----\nMIIB\n",
	  .want = CRED_NONE },
	{ .key = "url",
	  .value = "postgres://app:s3cr3t-pw@db:5432/app",
	  .want = CRED_STRONG,
	  .pattern = "connection string" },
	{ .key = "url",
	  .value = "postgres://app:${DB_PASSWORD}@db:5432/app",
	  .want = CRED_NONE },
	{ .key = "url",
	  .value = "https://example.com/path",
	  .want = CRED_NONE },
	/* a location under a credential name: no password in it */
	{ .key = "connection_string",
	  .value = "postgres://localhost:5432",
	  .want = CRED_NONE },
	{ .key = "DB_DSN",
	  .value = "mysql+pymysql://db.internal:3306/orders",
	  .want = CRED_NONE },
	/* a password with no user name */
	{ .key = "x",
	  .value = "redis://:Tm1CanaryRedis@cache:6379/0",
	  .want = CRED_STRONG,
	  .pattern = "connection string" },
	{ .key = "conn",
	  .value = "Server=db;Database=x;User Id=sa;Password=Tm1Canary;",
	  .want = CRED_STRONG,
	  .pattern = "connection string" },
	{ .key = "x",
	  .value =
	      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl",
	  .want = CRED_STRONG,
	  .pattern = "JSON Web Token" },
	{ .key = "x",
	  .value = "ghp_0123456789abcdefghijABCDEFGHIJ0123456789",
	  .want = CRED_STRONG,
	  .pattern = "GitHub" },
	{ .key = "x",
	  .value = "xoxb-1234567890-TmCanaryToken",
	  .want = CRED_STRONG,
	  .pattern = "Slack" },
	{ .key = "x",
	  .value = "AIzaSyTmCanary0123456789abcdefghijklmno",
	  .want = CRED_STRONG,
	  .pattern = "Google API" },
	{ .key = "key.json",
	  .value = "{\"type\": \"service_account\", \"project_id\": \"p\"}",
	  .want = CRED_STRONG,
	  .pattern = "Google service-account" },
	{ .key = "x",
	  .value = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey="
		   "VE1DQU5BUllUTUNBTkFSWVRNQ0FOQVJZVE1DQU5BUlk=",
	  .want = CRED_STRONG,
	  .pattern = "Azure storage" },
	{ .key = "x",
	  .value = "bearer 3f9c2a7be41d08c6TmCanaryHdr",
	  .want = CRED_STRONG,
	  .pattern = "HTTP authorization" },
	{ .key = "headers",
	  .value = "Authorization: Basic dXNlcjpUbUNhbmFyeTE=",
	  .want = CRED_STRONG,
	  .pattern = "HTTP authorization" },
	{ .key = "x",
	  .value = "Authorization: Bearer ${API_TOKEN}",
	  .want = CRED_NONE },
	{ .key = "x",
	  .value = "send Bearer token-from-the-login-flow",
	  .want = CRED_NONE },
	{ .key = "x", .value = "basic auth, 12 retries", .want = CRED_NONE },
	{ .key = "x", .value = "Basic Settings page", .want = CRED_NONE },
	{ .key = "x",
	  .value = "curl -H 'Authorization: Basic dXNlcjpwYXNz' http://api",
	  .want = CRED_STRONG,
	  .pattern = "HTTP authorization" },
	{ .key = ".dockerconfigjson",
	  .value = "{\"auths\":{\"r\":{\"auth\":\"dXNlcjpwYXNz\"}}}",
	  .want = CRED_STRONG,
	  .pattern = "docker config" },
	/* names */
	{ .key = "DB_PASSWORD",
	  .value = "hunter22",
	  .want = CRED_WEAK,
	  .pattern = "literal" },
	{ .key = "dbPassword",
	  .value = "hunter22",
	  .want = CRED_WEAK,
	  .pattern = "literal" },
	{ .key = "client-secret",
	  .value = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA",
	  .want = CRED_STRONG,
	  .pattern = "random" },
	{ .key = "API_TOKEN",
	  .value = "0123456789abcdef0123456789abcdef",
	  .want = CRED_STRONG,
	  .pattern = "random" },
	{ .key = "MINIO_SECRET_KEY",
	  .value = "password",
	  .want = CRED_WEAK,
	  .pattern = "literal" },
	{ .key = "API_TOKEN", .value = "changeme", .want = CRED_NONE },
	{ .key = "API_TOKEN", .value = "", .want = CRED_NONE },
	{ .key = "API_TOKEN", .value = "${TOKEN}", .want = CRED_NONE },
	{ .key = "API_TOKEN",
	  .value = "{{ .Values.token }}",
	  .want = CRED_NONE },
	{ .key = "API_TOKEN", .value = "<nil>", .want = CRED_NONE },
	{ .key = "API_TOKEN", .value = "true", .want = CRED_NONE },
	{ .key = "API_TOKEN", .value = "3600", .want = CRED_NONE },
	{ .key = "API_TOKEN", .value = "xxxxxxxxxx", .want = CRED_NONE },
	{ .key = "DB_PASSWORD",
	  .value = "vault:secret/data/db#password",
	  .want = CRED_NONE },
	{ .key = "TOKEN_FILE",
	  .value = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA",
	  .want = CRED_NONE },
	{ .key = "SECRET_NAME", .value = "db-credentials", .want = CRED_NONE },
	{ .key = "secretName", .value = "db-credentials", .want = CRED_NONE },
	{ .key = "API_TOKENS", .value = "hunter22", .want = CRED_WEAK },
	{ .key = "TOKENIZER", .value = "wordpiece", .want = CRED_NONE },
	{ .key = "PASSWORD_MIN_LENGTH", .value = "12", .want = CRED_NONE },
	{ .key = "AWS_ACCESS_KEY_ID",
	  .value = "admin-user",
	  .want = CRED_NONE },
	/* Azure account keys and the OCI CLI's key, by their tools' names */
	{ .key = "AZURE_BATCH_KEY",
	  .value = "Zm9vYmFyYmF6cXV4UmFuZG9tS2V5TWF0ZXJpYWwxMjM0NTY3ODkw",
	  .want = CRED_STRONG,
	  .pattern = "random" },
	{ .key = "AZURE_STORAGE_KEY",
	  .value = "hunter22",
	  .want = CRED_WEAK,
	  .pattern = "literal" },
	{ .key = "OCI_CLI_KEY_CONTENT",
	  .value = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
	  .want = CRED_STRONG,
	  .pattern = "random" },
	{ .key = "AZURE_KEY_ID", .value = "hunter22", .want = CRED_NONE },
	{ .key = "AZURE_KEYVAULT_NAME",
	  .value = "hunter22",
	  .want = CRED_NONE },
	{ .key = "AZURE_KEY_FILE", .value = "hunter22", .want = CRED_NONE },
	/* a PEM private key whose armour lost dashes is still the key */
	{ .key = "x",
	  .value = "---BEGIN OPENSSH PRIVATE KEY---\nb3BlbnNzaC1rZXkt\n",
	  .want = CRED_STRONG,
	  .pattern = "PEM" },
	{ .key = "x", .value = "-- BEGIN PRIVATE KEY --", .want = CRED_NONE },
	{ .key = "LOG_LEVEL",
	  .value = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA",
	  .want = CRED_NONE },
	/* files, line by line */
	{ .key = "app.properties",
	  .value = "a=1\nspring.datasource.password=hunter22\n",
	  .want = CRED_WEAK,
	  .pattern = "literal" },
	{ .key = "app.yaml",
	  .value = "db:\n  password: ${DB_PASSWORD}\n  host: db\n",
	  .want = CRED_NONE },
	{ .key = ".env",
	  .value = "export API_KEY=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA\n",
	  .want = CRED_STRONG,
	  .pattern = "random" },
	{ .key = "x.json",
	  .value = "{\n  \"password\": \"hunter22\",\n  \"user\": \"a\"\n}\n",
	  .want = CRED_WEAK,
	  .pattern = "literal" },
	{ .key = "x.ini",
	  .value = "# password = hunter22\n[db]\nhost = db\n",
	  .want = CRED_NONE },
	{ .key = "DB_PASSWORD",
	  .value = "hunter22\n",
	  .want = CRED_WEAK,
	  .pattern = "literal" },
	/* a relative path to a file locates the secret */
	{ .key = "DB_PASSWORD",
	  .value = "secrets/db-password.txt",
	  .want = CRED_NONE },
	{ .key = "TLS_PRIVATE_KEY",
	  .value = "certs/tls.key",
	  .want = CRED_NONE },
	{ .key = "API_TOKEN", .value = "../run/api-token", .want = CRED_NONE },
	{ .key = "API_TOKEN", .value = "~/.config/token", .want = CRED_NONE },
	{ .key = "SMTP_PASSWORD", .value = "conf/.env", .want = CRED_NONE },
	/* a slash in a password does not make it a path */
	{ .key = "ADMIN_PASSWORD",
	  .value = "Tr0ub4dor/3xq",
	  .want = CRED_WEAK,
	  .pattern = "literal" },
	{ .key = "ADMIN_PASSWORD",
	  .value = "conf/smtp",
	  .want = CRED_WEAK,
	  .pattern = "literal" },
	{ .key = "ADMIN_PASSWORD",
	  .value = "pass/word.zip",
	  .want = CRED_WEAK,
	  .pattern = "literal" },
	{ .key = "ADMIN_PASSWORD",
	  .value = "a//b.txt",
	  .want = CRED_WEAK,
	  .pattern = "literal" },
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
	"TmCanaryAzureKey0aZ93kLq7Vx2Rt5Yp8Wm1",
	"TmCanaryOciKey0MIIEvQIBADANBgkqhkiG9w0B",
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
	"7c1e9f04TmCanaryPager2b6d",
	"TmCanaryDump7x",
	"TmCanaryUpload4q",
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

/* Fixture, check, and how many findings of each severity it gives. */
struct sev_case {
	const char *file; /* under testdata/checks */
	const char *check;
	size_t low, medium, high;
	const char *msg; /* substring of some message, or NULL */
};

static const struct sev_case sev_cases[] = {
	{ .file = "app-credentials/fire/env-literal.yaml",
	  .check = "app-credentials",
	  .low = 0,
	  .medium = 1,
	  .high = 2,
	  .msg = "env 'AWS_ACCESS_KEY_ID'" },
	{ .file = "app-credentials/fire/args.yaml",
	  .check = "app-credentials",
	  .low = 0,
	  .medium = 0,
	  .high = 2,
	  .msg = "argument 3 of container 'exporter'" },
	{ .file = "app-credentials/fire/configmap-file.yaml",
	  .check = "app-credentials",
	  .low = 0,
	  .medium = 0,
	  .high = 3,
	  .msg = "line 'spring.datasource.password'" },
	/* the ConfigMap key "smtp" says nothing: one finding, on the user */
	{ .file = "app-credentials/fire/configmap-ref-visible.yaml",
	  .check = "app-credentials",
	  .low = 0,
	  .medium = 0,
	  .high = 1,
	  .msg = "from ConfigMap 'mail-settings' key 'smtp'" },
	{ .file = "app-credentials/fire/cloud-tool-key-names.yaml",
	  .check = "app-credentials",
	  .low = 0,
	  .medium = 0,
	  .high = 2,
	  .msg = "env 'AZURE_STORAGE_KEY'" },
	{ .file = "app-credentials/fire/configmap-ref.yaml",
	  .check = "app-credentials",
	  .low = 0,
	  .medium = 1,
	  .high = 0,
	  .msg = "instead of a Secret" },
	/* mysqldump -pSECRET and curl -u user:SECRET in one script */
	{ .file = "app-credentials/fire/attached-flags.yaml",
	  .check = "app-credentials",
	  .low = 0,
	  .medium = 1,
	  .high = 1,
	  .msg = "argument 0 of container 'dump'" },
	{ .file = "app-credentials/fire/auth-header.yaml",
	  .check = "app-credentials",
	  .low = 0,
	  .medium = 0,
	  .high = 1,
	  .msg = "key 'receivers.yaml' holds a credential (HTTP authorization "
		 "header)" },
	{ .file = "app-credentials/fire/binarydata.yaml",
	  .check = "app-credentials",
	  .low = 0,
	  .medium = 1,
	  .high = 0,
	  .msg = "id_ed25519" },
	{ .file = "kubeconfig-exposed/fire/configmap-token.yaml",
	  .check = "kubeconfig-exposed",
	  .low = 0,
	  .medium = 0,
	  .high = 1,
	  .msg = "users[0].user.token" },
	{ .file = "kubeconfig-exposed/fire/secret-name.yaml",
	  .check = "kubeconfig-exposed",
	  .low = 1,
	  .medium = 0,
	  .high = 0,
	  .msg = "by its name" },
	{ .file = "kubeconfig-exposed/fire/pod-mount.yaml",
	  .check = "kubeconfig-exposed",
	  .low = 0,
	  .medium = 1,
	  .high = 0,
	  .msg = "at '/root/.kube'" },
	{ .file = "cloud-credentials-mounted/fire/azure-json-secret.yaml",
	  .check = "cloud-credentials-mounted",
	  .low = 0,
	  .medium = 0,
	  .high = 1,
	  .msg = "the cluster's Azure service principal" },
	{ .file = "cloud-credentials-mounted/fire/aws-secret.yaml",
	  .check = "cloud-credentials-mounted",
	  .low = 0,
	  .medium = 1,
	  .high = 0,
	  .msg = "AWS shared credentials" },
	{ .file = "webhook-pod-mutation/fire/everything.yaml",
	  .check = "webhook-pod-mutation",
	  .low = 0,
	  .medium = 1,
	  .high = 0,
	  .msg = "in any namespace" },
	{ .file = "webhook-pod-mutation/fire/sidecar-injector.yaml",
	  .check = "webhook-pod-mutation",
	  .low = 1,
	  .medium = 0,
	  .high = 0,
	  .msg = "that its selectors match" },
	{ .file = "webhook-endpoint/fire/external-url.yaml",
	  .check = "webhook-endpoint",
	  .low = 0,
	  .medium = 0,
	  .high = 1,
	  .msg = "no caBundle" },
	{ .file = "webhook-endpoint/fire/external-validating.yaml",
	  .check = "webhook-endpoint",
	  .low = 0,
	  .medium = 1,
	  .high = 1,
	  .msg = "(Secrets included)" },
	{ .file = "webhook-endpoint/fire/fail-open-policy.yaml",
	  .check = "webhook-endpoint",
	  .low = 1,
	  .medium = 0,
	  .high = 0,
	  .msg = "fails open" },
	{ .file = "default-sa-automount/fire/default-sa.yaml",
	  .check = "default-sa-automount",
	  .low = 2,
	  .medium = 0,
	  .high = 0,
	  .msg = "namespace 'payments' turns token automounting on" },
};

START_TEST(test_severities)
{
	const struct sev_case *x = &sev_cases[_i];
	char path[512];

	snprintf(path, sizeof(path), "testdata/checks/%s", x->file);
	ck_assert_uint_eq(count_of(path, x->check, SEV_LOW, NULL), x->low);
	ck_assert_uint_eq(count_of(path, x->check, SEV_MEDIUM, NULL),
			  x->medium);
	ck_assert_uint_eq(count_of(path, x->check, SEV_HIGH, NULL), x->high);
	ck_assert_uint_eq(count_of(path, x->check, SEV_CRITICAL, NULL), 0);
	if (x->msg)
		ck_assert_msg(count_of(path, x->check, SEV_NONE, x->msg) > 0,
			      "%s: no message with '%s'", x->file, x->msg);
}
END_TEST

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

START_TEST(test_real_node_kubeconfig)
{
	char path[1024];
	TU_NEED_SHARED(shared);

	/*
	 * konnectivity-server reads its kubeconfig from the node: the hostPath
	 * mount is sensitive-hostpath's, reported once, not kubeconfig-exposed
	 */
	snprintf(path, sizeof(path),
		 "%s/k8s-real/control-plane/website/konnectivity-server.yaml",
		 shared);
	ck_assert_uint_eq(count_of(path, "kubeconfig-exposed", SEV_NONE, NULL),
			  0);
	ck_assert_uint_ge(count_of(path, "sensitive-hostpath", SEV_NONE,
				   "/etc/kubernetes/konnectivity-server.conf"),
			  1);
	/* aws-iam-authenticator: host paths and a mapping ConfigMap only */
	snprintf(path, sizeof(path),
		 "%s/k8s-real/control-plane/aws-iam-authenticator/"
		 "deploy__example.yaml",
		 shared);
	ck_assert_uint_eq(count_of(path, "app-credentials", SEV_NONE, NULL), 0);
	ck_assert_uint_eq(
	    count_of(path, "cloud-credentials-mounted", SEV_NONE, NULL), 0);
	ck_assert_uint_eq(count_of(path, "kubeconfig-exposed", SEV_NONE, NULL),
			  0);
}
END_TEST

START_TEST(test_real_trees_quiet)
{
	static const char *const dirs[] = {
		"sensitive-apps", "examples",	   "pod-security",
		"admission",	  "control-plane", "dashboard",
	};
	static const char *const ids[] = {
		"app-credentials",	     "kubeconfig-exposed",
		"cloud-credentials-mounted", "webhook-pod-mutation",
		"webhook-endpoint",	     "default-sa-automount",
	};
	char path[1024];
	size_t i, k, n = 0;
	TU_NEED_SHARED(shared);

	/* every real tree together: only the MinIO default secret fires */
	for (i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		snprintf(path, sizeof(path), "%s/k8s-real/%s", shared, dirs[i]);
		for (k = 0; k < sizeof(ids) / sizeof(*ids); k++)
			n += count_of(path, ids[k], SEV_NONE, NULL);
	}
	ck_assert_uint_eq(n, 1);
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
	tc = tcase_create("severities");
	tcase_add_loop_test(tc, test_severities, 0,
			    (int)(sizeof(sev_cases) / sizeof(*sev_cases)));
	suite_add_tcase(s, tc);
	tc = tcase_create("reports");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_no_canary_in_reports, 0,
			    (int)(sizeof(formats) / sizeof(*formats)));
	suite_add_tcase(s, tc);
	tc = tcase_create("real");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_real_argo_minio);
	tcase_add_test(tc, test_real_argo_cd_clean);
	tcase_add_test(tc, test_real_examples_clean);
	tcase_add_test(tc, test_real_node_kubeconfig);
	tcase_add_test(tc, test_real_trees_quiet);
	suite_add_tcase(s, tc);
	return s;
}
