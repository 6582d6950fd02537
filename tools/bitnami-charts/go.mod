module cdktf-cluster-groups/tools/bitnami-charts

go 1.26

require github.com/bitnami/charts v0.0.0-20260907150927-c0703daaf78e
