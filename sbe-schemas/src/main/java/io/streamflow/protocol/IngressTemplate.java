package io.streamflow.protocol;

import io.streamflow.sbe.CancelOrderDecoder;
import io.streamflow.sbe.CommitOffsetDecoder;
import io.streamflow.sbe.ConnectDecoder;
import io.streamflow.sbe.CreateStreamDecoder;
import io.streamflow.sbe.DeleteGroupDecoder;
import io.streamflow.sbe.DisconnectDecoder;
import io.streamflow.sbe.GroupHeartbeatDecoder;
import io.streamflow.sbe.JoinGroupDecoder;
import io.streamflow.sbe.LeaveGroupDecoder;
import io.streamflow.sbe.MassCancelDecoder;
import io.streamflow.sbe.NewOrderDecoder;
import io.streamflow.sbe.RecordDecoder;
import io.streamflow.sbe.ReplaceOrderDecoder;

/**
 * The one place that knows the ingress messages of the protocol: for each template its name, its block length in
 * this schema version, how many variable-length fields follow the block, and its kind, which says where the message
 * goes (the session, the record operators, the matcher). The validator, the views and the routers all ask here, so
 * that a new message is added in this table and in the code that handles its kind, nowhere else.
 * <p>
 * Lookup by template id is an array index: free of allocation, for the hot path.
 */
public enum IngressTemplate
{
    /** Opens a session; version 2 adds the credentials after the response channel. */
    CONNECT(ConnectDecoder.TEMPLATE_ID, "Connect", ConnectDecoder.BLOCK_LENGTH, 2, Kind.SESSION,
        IngressTemplate.NO_ACCOUNT),
    /** Closes a session. */
    DISCONNECT(DisconnectDecoder.TEMPLATE_ID, "Disconnect", DisconnectDecoder.BLOCK_LENGTH, 0, Kind.SESSION,
        IngressTemplate.NO_ACCOUNT),
    /** A record appended to a stream; version 3 adds the partition at the end of the block. */
    RECORD(RecordDecoder.TEMPLATE_ID, "Record", RecordDecoder.BLOCK_LENGTH, 2, Kind.RECORD,
        IngressTemplate.NO_ACCOUNT),
    /** A new order. */
    NEW_ORDER(NewOrderDecoder.TEMPLATE_ID, "NewOrder", NewOrderDecoder.BLOCK_LENGTH, 0, Kind.ORDER,
        NewOrderDecoder.accountEncodingOffset()),
    /** Cancels an order. */
    CANCEL_ORDER(CancelOrderDecoder.TEMPLATE_ID, "CancelOrder", CancelOrderDecoder.BLOCK_LENGTH, 0, Kind.ORDER,
        CancelOrderDecoder.accountEncodingOffset()),
    /** Replaces an order. */
    REPLACE_ORDER(ReplaceOrderDecoder.TEMPLATE_ID, "ReplaceOrder", ReplaceOrderDecoder.BLOCK_LENGTH, 0, Kind.ORDER,
        ReplaceOrderDecoder.accountEncodingOffset()),
    /** Cancels every order of an account. */
    MASS_CANCEL(MassCancelDecoder.TEMPLATE_ID, "MassCancel", MassCancelDecoder.BLOCK_LENGTH, 0, Kind.ORDER,
        MassCancelDecoder.accountEncodingOffset()),
    /** Joins a consumer group (version 4). */
    JOIN_GROUP(JoinGroupDecoder.TEMPLATE_ID, "JoinGroup", JoinGroupDecoder.BLOCK_LENGTH, 1, Kind.GROUP,
        IngressTemplate.NO_ACCOUNT),
    /** A group member is alive (version 4). */
    GROUP_HEARTBEAT(GroupHeartbeatDecoder.TEMPLATE_ID, "GroupHeartbeat", GroupHeartbeatDecoder.BLOCK_LENGTH, 1,
        Kind.GROUP, IngressTemplate.NO_ACCOUNT),
    /** Leaves a consumer group (version 4). */
    LEAVE_GROUP(LeaveGroupDecoder.TEMPLATE_ID, "LeaveGroup", LeaveGroupDecoder.BLOCK_LENGTH, 1, Kind.GROUP,
        IngressTemplate.NO_ACCOUNT),
    /** Commits a group's offset of a partition (version 4). */
    COMMIT_OFFSET(CommitOffsetDecoder.TEMPLATE_ID, "CommitOffset", CommitOffsetDecoder.BLOCK_LENGTH, 1, Kind.GROUP,
        IngressTemplate.NO_ACCOUNT),
    /** Deletes an empty consumer group (version 4). */
    DELETE_GROUP(DeleteGroupDecoder.TEMPLATE_ID, "DeleteGroup", DeleteGroupDecoder.BLOCK_LENGTH, 1, Kind.GROUP,
        IngressTemplate.NO_ACCOUNT),
    /** Creates a stream (version 5). */
    CREATE_STREAM(CreateStreamDecoder.TEMPLATE_ID, "CreateStream", CreateStreamDecoder.BLOCK_LENGTH, 1, Kind.STREAM,
        IngressTemplate.NO_ACCOUNT);

    /**
     * Where a message goes.
     */
    public enum Kind
    {
        /** Session control: handled by admission, never sequenced or journaled. */
        SESSION,
        /** Sequenced, journaled, deduplicated; applied by the record operators (pipelines). */
        RECORD,
        /** Sequenced, journaled, deduplicated; applied by the matcher. */
        ORDER,
        /** Sequenced, journaled, deduplicated; applied by the engine's consumer group coordinator. */
        GROUP,
        /**
         * Sequenced, journaled, deduplicated; applied by the engine's partition offsets (admission's copy and the
         * operator stage's), which add the stream to their catalog; the operators only acknowledge it.
         */
        STREAM
    }

    /** Longest stream name, in ASCII characters (as Kafka's topic names). */
    public static final int MAX_STREAM_NAME_LENGTH = 249;

    /** Longest consumer group name, in ASCII characters. */
    public static final int MAX_GROUP_NAME_LENGTH = 64;

    /** Name given for a template id that is not an ingress message. */
    public static final String UNKNOWN_NAME = "UNKNOWN";

    /** {@link #accountOffset()} of a message that names no account. */
    public static final int NO_ACCOUNT = -1;

    private static final IngressTemplate[] BY_TEMPLATE_ID;

    static
    {
        int maxTemplateId = 0;
        for (final IngressTemplate template : values())
        {
            maxTemplateId = Math.max(maxTemplateId, template.templateId);
        }
        BY_TEMPLATE_ID = new IngressTemplate[maxTemplateId + 1];
        for (final IngressTemplate template : values())
        {
            if (null != BY_TEMPLATE_ID[template.templateId])
            {
                throw new IllegalStateException("template id " + template.templateId + " given twice");
            }
            BY_TEMPLATE_ID[template.templateId] = template;
        }
    }

    private final int templateId;
    private final String messageName;
    private final int blockLength;
    private final int varFieldCount;
    private final Kind kind;
    private final int accountOffset;

    IngressTemplate(
        final int templateId,
        final String messageName,
        final int blockLength,
        final int varFieldCount,
        final Kind kind,
        final int accountOffset)
    {
        this.accountOffset = accountOffset;
        this.templateId = templateId;
        this.messageName = messageName;
        this.blockLength = blockLength;
        this.varFieldCount = varFieldCount;
        this.kind = kind;
    }

    /**
     * @param templateId of a message of the protocol's schema.
     * @return the ingress message it is, or null when it is not one.
     */
    public static IngressTemplate of(final int templateId)
    {
        return templateId >= 0 && templateId < BY_TEMPLATE_ID.length ? BY_TEMPLATE_ID[templateId] : null;
    }

    /**
     * @param templateId of a message of the protocol's schema.
     * @return the message's name for people and tools, or {@link #UNKNOWN_NAME}.
     */
    public static String nameOf(final int templateId)
    {
        final IngressTemplate template = of(templateId);
        return null == template ? UNKNOWN_NAME : template.messageName;
    }

    /**
     * @param templateId of a message of the protocol's schema.
     * @return true for the commands that are sequenced, journaled and deduplicated.
     */
    public static boolean isSequenced(final int templateId)
    {
        final IngressTemplate template = of(templateId);
        return null != template && template.isSequenced();
    }

    /**
     * @param templateId of a message of the protocol's schema.
     * @return true for the consumer group commands, which go to the engine's group coordinator.
     */
    public static boolean isGroup(final int templateId)
    {
        final IngressTemplate template = of(templateId);
        return null != template && Kind.GROUP == template.kind;
    }

    /**
     * @param templateId of a message of the protocol's schema.
     * @return true for the order commands, which go to the matcher.
     */
    public static boolean isOrder(final int templateId)
    {
        final IngressTemplate template = of(templateId);
        return null != template && Kind.ORDER == template.kind;
    }

    /**
     * @return template id of the message.
     */
    public int templateId()
    {
        return templateId;
    }

    /**
     * @return name of the message in the schema.
     */
    public String messageName()
    {
        return messageName;
    }

    /**
     * @return block length of the message in this schema version.
     */
    public int blockLength()
    {
        return blockLength;
    }

    /**
     * @param version of the schema a message was encoded with.
     * @return shortest block the message may have in that version: fields added in a later one are absent.
     */
    public int blockLength(final int version)
    {
        return RECORD == this && version < 3 ? RecordDecoder.partitionEncodingOffset() : blockLength;
    }

    /**
     * @return variable-length fields after the block, in this schema version.
     */
    public int varFieldCount()
    {
        return varFieldCount;
    }

    /**
     * @param version of the schema a message was encoded with.
     * @return variable-length fields after the block in that version: fields added in a later one are absent.
     */
    public int varFieldCount(final int version)
    {
        return CONNECT == this && version < 2 ? 1 : varFieldCount;
    }

    /**
     * @return where the message goes.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return offset of the account field (int64) in the message's block, or {@link #NO_ACCOUNT}: the account an
     * order command acts for, which a principal must be allowed.
     */
    public int accountOffset()
    {
        return accountOffset;
    }

    /**
     * @return true when the message is sequenced, journaled and deduplicated: every kind but session control.
     */
    public boolean isSequenced()
    {
        return Kind.SESSION != kind;
    }
}
