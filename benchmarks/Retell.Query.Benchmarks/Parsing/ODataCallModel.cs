using Microsoft.OData.Edm;

namespace Retell.Query.Benchmarks.Parsing;

/// <summary>
/// The small EDM model OData parses <c>$filter</c> against: an entity set <c>calls</c> of the fields the queries use,
/// with <c>metadata</c> an open complex type so any key binds (as Retell.Query's <c>metadata.KEY</c> does).
/// </summary>
public static class ODataCallModel
{
    public static (IEdmModel Model, IEdmEntityType Call, IEdmEntitySet Calls) Create()
    {
        var model = new EdmModel();
        var metadata = new EdmComplexType("Retell", "Metadata", baseType: null, isAbstract: false, isOpen: true);
        model.AddElement(metadata);

        var call = new EdmEntityType("Retell", "Call");
        call.AddKeys(call.AddStructuralProperty("call_id", EdmPrimitiveTypeKind.String, isNullable: false));
        foreach (var name in new[] { "call_status", "direction", "user_sentiment", "from_number", "agent_id" })
        {
            call.AddStructuralProperty(name, EdmPrimitiveTypeKind.String, isNullable: true);
        }

        call.AddStructuralProperty("duration_ms", EdmPrimitiveTypeKind.Int64, isNullable: true);
        call.AddStructuralProperty("metadata", new EdmComplexTypeReference(metadata, isNullable: true));
        model.AddElement(call);

        var container = new EdmEntityContainer("Retell", "Container");
        var calls = container.AddEntitySet("calls", call);
        model.AddElement(container);
        return (model, call, calls);
    }
}
