/*
 * kubectl-threatmap: audit a Kubernetes cluster's configuration and map each
 * weakness to the Microsoft Threat Matrix for Kubernetes.
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "version")) {
		printf("threatmap %s\n", THREATMAP_VERSION);
		return 0;
	}
	fprintf(stderr, "usage: kubectl-threatmap version\n");
	return 2;
}
