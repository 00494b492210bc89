using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Retell.Query.Client;
using Retell.Query.Hosting.Tests.Support;
using Retell.Query.Linq;
using Retell.Query.Parsing;

namespace Retell.Query.Hosting.Tests.Hosting;

/// <summary>AddRetellClient: what binds, what fails the host at start-up and how, and the client it registers.</summary>
public class AddRetellClientTests(SampleEmulator sample) : IClassFixture<SampleEmulator>
{
    private const string Key = "key_never_shown_4f1c9a";

    private static IOptions<RetellClientOptions> OptionsOf(IDictionary<string, string?> settings) =>
        Hosts.Build(settings).Services.GetRequiredService<IOptions<RetellClientOptions>>();

    [Fact]
    public void Every_option_binds_from_its_configuration_key()
    {
        var invariant = CultureInfo.InvariantCulture;
        var cases =
            from maxRetries in Gen.Choose(0, 100)
            from timeout in Gen.Choose(1, 36_000)
            from initial in Gen.Choose(0, 10_000)
            from max in Gen.Choose(0, 100_000)
            from jitter in Gen.Choose(0, 1000).Select(j => j / 1000.0)
            from retryAfter in Gen.Choose(0, 600)
            from pageSize in Gen.Choose(1, 1000)
            from concurrency in Gen.Choose(1, 64)
            from branches in Gen.Choose(1, 256)
            from pageBytes in Gen.Choose(1024, int.MaxValue / 2)
            from emptyPages in Gen.Choose(0, 1000)
            from clientFiltering in Gen.Elements(true, false)
            from port in Gen.Choose(1, 65535)
            select new RetellClientOptions
            {
                ApiKey = Key,
                BaseAddress = new Uri($"http://127.0.0.1:{port}/prefix/"),
                MaxRetries = maxRetries,
                ListTimeout = TimeSpan.FromSeconds(timeout),
                InitialRetryDelay = TimeSpan.FromMilliseconds(initial),
                MaxRetryDelay = TimeSpan.FromMilliseconds(max),
                RetryJitter = jitter,
                MaxRetryAfter = TimeSpan.FromSeconds(retryAfter),
                PageSize = pageSize,
                MaxConcurrentRequests = concurrency,
                MaxPlanBranches = branches,
                MaxPageBytes = pageBytes,
                MaxEmptyPages = emptyPages,
                AllowClientFiltering = clientFiltering,
            };

        Prop.ForAll(cases.ToArbitrary(), expected =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["ApiKey"] = expected.ApiKey,
                ["BaseAddress"] = expected.BaseAddress.ToString(),
                ["MaxRetries"] = expected.MaxRetries.ToString(invariant),
                ["ListTimeout"] = expected.ListTimeout.ToString("c", invariant),
                ["InitialRetryDelay"] = expected.InitialRetryDelay.ToString("c", invariant),
                ["MaxRetryDelay"] = expected.MaxRetryDelay.ToString("c", invariant),
                ["RetryJitter"] = expected.RetryJitter.ToString("R", invariant),
                ["MaxRetryAfter"] = expected.MaxRetryAfter.ToString("c", invariant),
                ["PageSize"] = expected.PageSize.ToString(invariant),
                ["MaxConcurrentRequests"] = expected.MaxConcurrentRequests.ToString(invariant),
                ["MaxPlanBranches"] = expected.MaxPlanBranches.ToString(invariant),
                ["MaxPageBytes"] = expected.MaxPageBytes.ToString(invariant),
                ["MaxEmptyPages"] = expected.MaxEmptyPages.ToString(invariant),
                ["AllowClientFiltering"] = expected.AllowClientFiltering.ToString(),
                ["Queries:recent"] = "start_timestamp > now - 7d",
            };
            var bound = OptionsOf(settings).Value;

            Assert.Equal(expected.ApiKey, bound.ApiKey);
            Assert.Equal(expected.BaseAddress, bound.BaseAddress);
            Assert.Equal(expected.MaxRetries, bound.MaxRetries);
            Assert.Equal(expected.ListTimeout, bound.ListTimeout);
            Assert.Equal(expected.InitialRetryDelay, bound.InitialRetryDelay);
            Assert.Equal(expected.MaxRetryDelay, bound.MaxRetryDelay);
            Assert.Equal(expected.RetryJitter, bound.RetryJitter);
            Assert.Equal(expected.MaxRetryAfter, bound.MaxRetryAfter);
            Assert.Equal(expected.PageSize, bound.PageSize);
            Assert.Equal(expected.MaxConcurrentRequests, bound.MaxConcurrentRequests);
            Assert.Equal(expected.MaxPlanBranches, bound.MaxPlanBranches);
            Assert.Equal(expected.MaxPageBytes, bound.MaxPageBytes);
            Assert.Equal(expected.MaxEmptyPages, bound.MaxEmptyPages);
            Assert.Equal(expected.AllowClientFiltering, bound.AllowClientFiltering);
            Assert.Equal("start_timestamp > now - 7d", bound.Queries["RECENT"]);
            bound.Validate();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public async Task One_client_is_registered_as_itself_and_as_IRetellClient_and_sends_through_the_builders_handlers()
    {
        var counter = new CountingHandler();
        using var host = Hosts.Build(Hosts.For(sample.Emulator), http => http.AddHttpMessageHandler(() => counter));
        await host.StartAsync();

        var client = host.Services.GetRequiredService<RetellClient>();
        Assert.Same(client, host.Services.GetRequiredService<IRetellClient>());
        Assert.Same(client, host.Services.GetRequiredService<IRetellClient>());

        var before = sample.Emulator.RequestCount;
        var calls = await client.ListCallsAsync("status = error", new ListCallsOptions { PageSize = 50 }).ToListAsync();
        Assert.Equal(SampleEmulator.NewestFirst(SampleEmulator.Calls.Where(c => c.CallStatus == Model.CallStatus.Error)).Select(c => c.CallId),
            calls.Select(c => c.CallId));
        Assert.Equal(sample.Emulator.RequestCount - before, counter.Requests);
        Assert.True(counter.Requests > 1, $"{counter.Requests} requests");
        await host.StopAsync();
    }

    [Fact]
    public async Task The_factorys_client_has_no_timeout_of_its_own_so_that_ListTimeout_times_requests()
    {
        using var host = Hosts.Build(Hosts.For(sample.Emulator));
        await host.StartAsync();

        var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(RetellServiceCollectionExtensions.HttpClientName);
        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
        await host.StopAsync();
    }

    [Fact]
    public async Task Options_set_in_code_register_the_same_client()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var emulator = sample.Emulator;
        builder.Services.AddRetellClient(o =>
        {
            o.BaseAddress = emulator.BaseAddress;
            o.ApiKey = emulator.ApiKey;
            o.Queries["errors"] = "status = error";
        });
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<IRetellClient>();
        Assert.Equal(SampleEmulator.Calls.Count(c => c.CallStatus == Model.CallStatus.Error), await client.Named("errors").CountAsync());
        await host.StopAsync();
    }

    public static TheoryData<string, string, string> BadOptions => new()
    {
        { "MaxRetries", "101", "RetellClientOptions.MaxRetries must be between 0 and 100" },
        { "PageSize", "0", "RetellClientOptions.PageSize must be between 1 and 1000" },
        { "RetryJitter", "1.5", "RetellClientOptions.RetryJitter must be between 0 and 1" },
        { "ListTimeout", "-00:00:01", "RetellClientOptions.ListTimeout must be more than zero" },
        { "MaxConcurrentRequests", "0", "RetellClientOptions.MaxConcurrentRequests must be at least 1" },
        { "BaseAddress", "ftp://example.com/", "RetellClientOptions.BaseAddress must be an absolute http or https address" },
        { "ApiKey", "key with spaces", "The Retell API key has a character an Authorization header cannot carry, U+0020 at position 4 of 15" },
        { "Queries:broken", "status = bogus", "RetellClientOptions.Queries[\"broken\"]: 1:10: `bogus` is not a value of `status`" },
        { "Queries:unplannable", "not (custom_attributes.region = \"eu\" and status = ended)", "RetellClientOptions.Queries[\"unplannable\"] cannot run: `call_status != ended` cannot be sent" },
        { "Queries:empty", " ", "RetellClientOptions.Queries[\"empty\"] has no text" },
        { "Policy:MaxTerms", "0", "QueryPolicy.MaxTerms is 0; a limit is at least 1" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task A_bad_option_fails_the_host_at_start_naming_it_and_never_the_key(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { ["ApiKey"] = Key, [key] = value };
        using var host = Hosts.Build(settings);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains("(configuration section 'Retell')", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("key with spaces", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_policy_binds_from_the_same_section_and_holds_the_registered_clients_text_queries_and_plans()
    {
        var settings = Hosts.For(sample.Emulator);
        settings["Policy:AllowedFields:0"] = "status";
        settings["Policy:AllowedFields:1"] = "duration_ms";
        settings["Policy:MaxTerms"] = "3";
        settings["Policy:MaxRequests"] = "2";
        using var host = Hosts.Build(settings);
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IRetellClient>();

        var policy = host.Services.GetRequiredService<IOptions<RetellClientOptions>>().Value.Policy;
        Assert.NotNull(policy);
        Assert.Equal(["status", "duration_ms"], policy.AllowedFields);
        Assert.Equal(3, policy.MaxTerms);
        Assert.Equal(2, policy.MaxRequests);

        var allowed = await client.Calls.Where("status = error and duration_ms > 1s").CountAsync();
        Assert.Equal(SampleEmulator.Calls.Count(c => c.CallStatus == Model.CallStatus.Error && c.DurationMs > 1000), allowed);
        var field = await Assert.ThrowsAsync<QueryParseException>(() => client.Calls.Where("agent_id = \"a\"").CountAsync());
        Assert.Contains("`agent_id` is not a field this query may use", field.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<QueryParseException>(() => client.Calls.Where("status = ended and status = error and status = ongoing and status = ended").CountAsync());
        var plan = Assert.Throws<Compilation.UnsupportedQueryException>(() => client.Plan(QueryParser.Parse("status = ended or duration_ms > 1s or duration_ms < 5")));
        Assert.Contains("2", plan.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_bad_query_names_where_its_error_is_with_the_caret()
    {
        using var host = Hosts.Build(new Dictionary<string, string?>
        {
            ["ApiKey"] = Key,
            ["Queries:fine"] = "status = ended",
            ["Queries:failed-today"] = "status = error and\nstart_timestamp > now - 1x",
        });

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        var failure = Assert.Single(e.Failures);
        Assert.StartsWith("RetellClientOptions.Queries[\"failed-today\"]: 2:", failure, StringComparison.Ordinal);
        Assert.Contains("start_timestamp > now - 1x", failure, StringComparison.Ordinal);
        Assert.Contains("^", failure, StringComparison.Ordinal);
    }

    [NoApiKeyInEnvironmentFact]
    public async Task No_key_fails_the_host_saying_where_a_key_goes()
    {
        using var host = Hosts.Build(new Dictionary<string, string?> { ["MaxRetries"] = "2" });

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("No Retell API key: set RetellClientOptions.ApiKey or the RETELL_API_KEY environment variable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_the_options_do_not_have_fails_the_host_naming_it()
    {
        using var host = Hosts.Build(new Dictionary<string, string?> { ["ApiKey"] = Key, ["MaxRetires"] = "3" });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("'MaxRetires'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_is_not_of_its_type_fails_the_host_naming_the_key()
    {
        using var host = Hosts.Build(new Dictionary<string, string?> { ["ApiKey"] = Key, ["MaxRetries"] = "lots" });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("Retell:MaxRetries", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_HttpClient_in_the_options_fails_the_host_pointing_to_the_builder()
    {
        using var http = new HttpClient();
        using var host = Hosts.Build(new Dictionary<string, string?> { ["ApiKey"] = Key },
            services: s => s.Configure<RetellClientOptions>(o => o.HttpClient = http));

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("RetellClientOptions.HttpClient is set", e.Message, StringComparison.Ordinal);
        Assert.Contains("IHttpClientBuilder that AddRetellClient returns", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_a_client_was_built_from_can_change_without_changing_it()
    {
        var options = new RetellClientOptions { ApiKey = Key, PageSize = 10, Queries = { ["a"] = "status = ended" } };
        using var client = new RetellClient(options);

        options.PageSize = 0;
        options.Queries["b"] = "status = bogus";
        options.Queries.Remove("a");

        Assert.Equal(["a"], client.NamedQueries.Keys);
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _requests;

        public int Requests => _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
