"""The load-balancer platform of examples/load-balancer-platform, written in Python.

The library reaches Python through jsii: `npm run test:jsii` builds the bindings, installs them
with the PyPI packages of cdktf and the providers, runs this app and checks that it writes the
same Terraform JSON as the TypeScript one.
"""

from cdktf import App, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_helm.provider import HelmProvider, HelmProviderKubernetes
from cdktf_cdktf_provider_kubernetes.provider import KubernetesProvider
from constructs import Construct

from cdktf_cluster_groups import (
    ClusterGroup,
    ClusterGroupHost,
    EndpointType,
    HostCluster,
    HostClusterKind,
    PlatformSynth,
    Quota,
    QuotaPolicy,
    ResourceSize,
)


class LoadBalancerPlatform(TerraformStack):
    """A data-center host whose virtual clusters each get a LoadBalancer Service, for one project."""

    def __init__(self, scope: Construct, id: str, chart_version: str = "0.35.3") -> None:
        super().__init__(scope, id)

        rack1 = HostCluster(
            self,
            "rack1",
            kind=HostClusterKind.DATA_CENTER,
            kubernetes_provider=KubernetesProvider(
                self, "rack1-kubernetes", alias="rack1", config_path="~/.kube/config", config_context="rack1"
            ),
            helm_provider=HelmProvider(
                self,
                "rack1-helm",
                alias="rack1",
                kubernetes=HelmProviderKubernetes(config_path="~/.kube/config", config_context="rack1"),
            ),
            endpoint_types=[EndpointType.LOAD_BALANCER],
            capacity=ResourceSize(cpu=32, memory="128Gi", storage="1Ti"),
            labels={"site": "fra1"},
        )

        ml = ClusterGroup(
            self,
            "ml",
            hosts=[ClusterGroupHost(host=rack1)],
            endpoint_type=EndpointType.LOAD_BALANCER,
            project="ml",
            chart_version=chart_version,
            max_cpu=8,
            max_memory="32Gi",
            oversubscription_percent=150,
            # Checked at synth, before the per-cluster ceilings: what each owner may hold here.
            quotas=QuotaPolicy(per_user=Quota(virtual_clusters=2, cpu=12, memory="48Gi")),
        )

        training = ml.add_virtual_cluster("training", project="ml", owner="ana@example.com", cpu=8, memory="32Gi", storage="10Gi")
        ml.add_virtual_cluster("notebooks", project="ml", owner="ben@example.com", cpu=4, memory="16Gi")

        TerraformOutput(self, "training-endpoint", value=training.endpoint)


app = App()
LoadBalancerPlatform(app, "load-balancer-platform")
if not PlatformSynth.run(app):
    raise SystemExit(1)
