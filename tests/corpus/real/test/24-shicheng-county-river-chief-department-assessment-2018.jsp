<%@ page language="java" contentType="text/html; charset=UTF-8" pageEncoding="UTF-8"%>
<jsp:include page="/common/base/include_BaseCommon.jsp"></jsp:include>
<link href="<%=request.getContextPath() %>/check/css/standard.css" rel="stylesheet">
<link href="<%=request.getContextPath() %>/common/css/commonView.css" rel="stylesheet">
<script type="text/javascript">
 	var WEB_ROOT = "<%=request.getContextPath() %>";
</script>
<div class="headerDiv" id="headerDiv">
	 <div class="header-content">
		<h2>
			<i class="fa icon-th-large"></i>
			<c>县级考核依据</c>
			<span></span>
		</h2>
	 </div> 
		<table class='jxkhTable'   border="1"  align="center">
		     <caption>石城县2018年度河长制湖长制工作责任单位目标管理（绩效）考核细则</caption>
		     <thead>
		          <tr>
		             <th width="7%">序号</th>
		             <th  width="15%" colspan="2">考核项目</th>
		             <th  width="15%">各项分值</th>
		             <th  width="20%">考核内容</th>
		             <th  width="30%">评分标准</th>
		             <th  width="8%">说明</th>
		          </tr>
		     </thead>
		    <tbody>
		        <tr>
		           <td></td>
		           <td colspan="2">总分</td>
		           <td class='fontbold'>100</td>
		           <td></td>
		           <td></td>
		           <td></td>
		        </tr>
		        <tr>
		           <td class='fontbold'>一、</td>
		           <td class='left fontbold'  colspan="2">通用考核项目（全部责任单位）</td>
		           <td class='fontbold'>40</td>
		           <td></td>
		           <td></td>
		           <td></td>
		        </tr>
		         <tr>
		           <td>1</td>
		           <td class='left' colspan="2">组织领导</td>
		           <td>8</td>
		            <td class='left'>组织领导</td>
		           <td class='left'>
		              <p>积极配合各乡镇开展“河长制”工作（8分）。</p>
					</td>
		           <td class='left'></td>
		        </tr>
		         <tr>
		           <td>2</td>
		           <td class='left' colspan="2">日常工作</td>
		           <td>7</td>
		           <td class='left'>
		              <p> 调整领导小组，上报责任人</p>
                      <p>及联系人员，加入河长制工作群</p>
                   </td>
		           <td class='left'>
           		      <p>1.成立河长制工作领导小组（1分）；落实分管领导及具体联络员， </p>
           		      <p>加入县河长制工作群（3分）<p>
           		      <p>2.单位领导班子部署河长制相关工作，年内至少3次，</p>
           		      <p>查看相关会议记录（3分，少一次扣1分）。</p>
           		   </td>
		           <td class='left'></td>
		        </tr>
		        <tr>
		           <td>3</td>
		           <td class='left' colspan="2">宣传工作</td>
		           <td>10</td>
		           <td class='left'>河长制工作宣传</td>
		           <td class='left'>
		                <p>结合本部门工作职责，认真开展好河长制相关工作的宣传，有相关宣传资料</p>
                        <p>（展板、公示牌、标语、宣传册）（10分 ）。</p>
                   </td>
		           <td class='left'></td>
		        </tr>
		        <tr>
		           <td>4</td>
		           <td class='left' colspan="2">新经验好做法</td>
		           <td>10</td>
		           <td class='left'>
		              <p>各单位按时上报河长制工作进展情况，</p>
                      <p>踊跃上报有地方特色的做法和经验及信息报送。</p>
                   </td>
		           <td class='left'>
		              <p>1.按要求每月上报本单位河长制工作开展情况，得5分，</p>
		              <p>每少一次扣0.5分，扣完为止，参加河长制相关会议</p>
		              <p>（2分，少一次扣0.5分，扣完为止）</p>
		              <p>2.河长制相关信息报道受省级媒体以上推广1篇，得3分；</p>
		              <p>市级煤体推广2篇，得2分；县级媒体推广，得1分。</p>
				   </td>
		           <td class='left'></td>
		        </tr>
		        <tr>
		           <td>5</td>
		           <td class='left' colspan="2">支持配合工作情况</td>
		           <td>5</td>
		           <td class='left'>协同配合工作</td>
		           <td class='left'>
		              <p>配合县河长办调配抽调人员开展督查、执法等工作，得5分；</p>
		              <p>出现不配合现象不得分。</p>
					</td>
		           <td class='left'></td>
		        </tr>
		          <tr>
		           <td class='fontbold'>二、</td>
		           <td class='left fontbold'  colspan="2">部门履职差异考核项目</td>
		           <td class='fontbold'>60</td>
		           <td></td>
		           <td></td>
		           <td>
		              <p>按部门分值</p>
		              <p>各60分考核</p>                  
		           </td>
		        </tr>
		         <tr>
		           <td>1</td>
		           <td  rowspan="18"> 重点考核部门</td>
		           <td>县委农工部</td>
		           <td>60</td>
		           <td class="left">农村生活垃圾专项治理</td>
		           <td class='left'>
		              <p>1.探索实行农村生活垃圾分类试点（15分);</p>
		              <p>2.完善城乡垃圾处理一体化体制，实行服务外包市场化运行机制,</p>
		              <p>，建立农村环卫保洁机制并运行正常（20分）;</p>
					  <p>3.督查指导乡镇开展农村生活垃圾、污水治理工作。（25分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		         <tr>
		           <td rowspan="3">2</td>
		           <td  rowspan="3">县农粮局</td>
		           <td>30</td>
		           <td class="left">持续推进畜禽养殖污染控制</td>
		           <td class='left'>
		              <p>1.加强监督管理，防止禁养区内已关闭或搬迁的畜禽养殖场复养（5分）;</p>
		              <p>2.建立畜禽养殖污染台账（5分）;</p>
					  <p>3.科学指导限养区和可养区内畜禽养殖场，配套建设粪污处理利用设施（20分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        <tr>
		           <td>15</td>
		           <td class="left">持续推进农业化肥、农药减量化治理</td>
		           <td class='left'>
		              <p>1.继续推进农作物病虫专业化统防统治与绿色防控融合示范点（5分）;</p>
		              <p>2.推广生物农药和高效低残留化学农药安全科学使用技术，推进农业</p>
		              <p>废弃物综合利用，严禁农业废弃物入河、污染水体（10分）。</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        <tr>
		           <td>15</td>
		           <td class="left">持续开展渔业资源保护专项整治</td>
		           <td class='left'>
		              <p>对依法依规查处破坏渔业资源案件，严厉查处电、毒、炸鱼等非法捕捞行为，</p>
		              <p>年内全县查处非法捕捞案件10例以上（含简易案件）;</p>
		              <p>否则按完成比例得分（15分）。</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        <tr>
		           <td>3</td>
		           <td>县工信局</td>
		           <td>60</td>
		           <td class="left">持续加强工矿企业及工业聚集区水污染防治</td>
		           <td class='left'>
		              <p>1.逐步完善工业聚集区污水集中处理设施（含管网）建设，完善在线监测（35分）;</p>
		              <p>2.制订规模以上工业企业污染控制和工业节水方案（25分）。</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        <tr>
		           <td rowspan="4">4</td>
		           <td rowspan="4">县水利局</td>
		           <td>15</td>
		           <td class="left">
                      <p>持续开展非法设置入河库排污口专项整治,</p>
                      <p>严格水功能区监管</p>
                   </td>
		           <td class='left'>
		              <p>1.按照《取水口、排污口和应急备源水源实施方案》要求，</p>
		              <p>对入河湖排污口进行整治，</p>
		              <p>对清查的非法入河湖排污口督促整改或取缔，完善相关手续（10分）；</p>
					  <p>2.严格水功能区监管，控制入河湖排污总量，优化排污口设置（5分）。</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        <tr>
		           <td>20</td>
		           <td class="left">
		           	    <p>持续开展侵占河湖水域及岸线专项整治，</p>
		           	    <p>推进河湖管护常态化</p>
		           </td>
		           <td class='left'>
		              <p>1.清查、建立非法挤占水域岸线用地台账（5分）；</p>
					  <p>2.科学编制岸线利用规划，落实规划岸线分区管理（5分）；</p>
                      <p>3.加强河道管理，加大执法力度，严厉打击非法侵占水域岸线行为，</p>
                      <p>出现1例未处理扣2分（5分）；</p>
                      <p>4.全面推进河湖管理范围划定工作。进一步落实河湖管护主体、责任和经费（5分）。</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        <tr>
		           <td>15</td>
		           <td class="left">持续开展非法采砂专项整治</td>
		           <td class='left'>
		              <p>1.加强涉水涉砂矛盾纠纷排查、电话举报信访的处理（5分）；</p>
                      <p>2.继续做好联合巡查和协商联动机制，形成打击违法涉水事件的合力（10分）。</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        <tr>
		           <td>10</td>
		           <td class="left">持续加强饮用水源及水库水环境综合整治</td>
		           <td class='left'>
		              <p>1.继续推动水库水环境综合整治，基本实现人放天养，按完成比例得分（5分）；</p>
                      <p>2.与县环保局、县水文站共同推进备用水源或应用水源建设（5分）。</p>
		            </td>
				    <td class='left'></td>
		        </tr>
				<tr>
		           <td>5</td>
		           <td>县环保局</td>
		           <td>60</td>
		           <td class="left">
                      <p>加强饮用水源保护和加快备用水源建设，</p>
                      <p>推进水质不达标河湖治理</p>
                   </td>
		           <td class='left'>
		              <p>1.建立饮用水水源保护区内违法建筑和排污口台账（10分）；</p>
					  <p>2.依法清理饮用水水源保护区内违法建筑和排污口（20分）；</p>
					  <p>3.与县水利局、县水文站共同推进备用水源或应急水源建设（15分）；</p>
					  <p>4.加强各乡镇水环境质量年度考核评价（15分）。</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>6</td>
		           <td>县城建局</td>
		           <td>60</td>
		           <td class='left'>持续加强城镇生活污水治理</td>
		           <td class='left'>
		               <p>1.确保县城污水处理率达80%以上，生活污水处理厂产生的污泥基本实现无害化</p>
		               <p>（资源化）处理处置，否则不得分（10分）；</p>
		               <p>2.进一步加强城镇生活污水处理设施及配套管网建设，采取控源截污、，加大城市</p>
		               <p>建成区黑臭水体治理力度（15分）；</p>
					   <p>3.完成各圩镇和琴江镇、山水林田湖边片整治污水处理厂建设（20分）；</p>
					   <p>4.协同县水利局加强对城区河道占用河道非法构筑物和建筑物的打击力度（15分）。</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>7</td>
		           <td>县林业局</td>
		           <td>60</td>
		           <td class='left'>
		           	    <p>持续加大非法侵占林地、破坏湿地和</p>
                        <p>野生动物资源等违法犯罪的整治力度</p>
                   </td>
		           <td class='left'>
		              	<p>1.完善森林资源管理监督检查机制（10分）；</p> 
		              	<p>2.开展生态公益林年度检查验收和生态公益林补偿效益监测工作（15分）</p>
					    <p>3.河道沿岸绿化和湿地修复建设（15分）；</p>
						<p>4.对非法侵占林地、破坏湿地和野生动物资源等违法犯罪的进行调查处理，</p>
						<p>出现一例未处理扣10分（20分）。</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>8</td>
		           <td>县发改委</td>
		           <td>60</td>
		           <td class='left'>
		           	    <p>协调推进河道保护有关重点项目，</p>
		           	    <p>研究制订河道保护产业布局和重大政策等</p>
		           </td>
		           <td class='left'>
		              	<p>1.继续推进试点流域综合治理项目工程建设，打造一批示范河流或河段。（20分）；</p>
		              	<p>2.协调推进河库保护有关重点项目，研究制订河库保护产业布局和重大政策，</p>
		              	<p>推进落实生态保护补偿（20分）；</p>
		              	<p>3.开展重点整治行动综合协调（10分）；</p>
		              	<p>4.组织实施全县饮用水源地保护项目（10分)。</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>9</td>
		           <td>县城管局</td>
		           <td>60</td>
		           <td class='left'>持续推进城区河道保洁</td>
		           <td class='left'>
		              	<p>1.持续推进城区污水治理，消除黑臭水体(30分)</p>
						<p>2.对破坏河道环境的情况进行及时处理，拆除占用城区河道的</p>
						<p>违法构筑物、建筑物(10分)</p>
						<p>3.城区河道清洁，做到河面无垃圾、杂物、漂浮物（20分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>10</td>
		           <td>县矿管局</td>
		           <td>60</td>
		           <td class='left'>
		           		<p>监督矿产资源开发整治过程中矿山</p>
		           		<p>地质环境保护与恢复治理工作</p>
		           </td>
		           <td class='left'>
		              	<p>1.矿产资源开发整治中，环境保护与恢复治理（20分）</p>
                        <p>2.严格审批矿产资源开采（10分）</p>
						<p>3.对破坏矿产资源行为严肃查处，出现一例未查处扣10分（20分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>11</td>
		           <td>县水保局</td>
		           <td>60</td>
		           <td class='left'>
		           		<p>加大对河流弃土、弃渣违法行为查处力度，</p>
		           		<p>开展水土保护，水土流失治理相关工作</p>
		           </td>
		           <td class='left'>
		                <p>1.加强水土保持设施的保护和管理，对破坏环境，造成水土流失的  </p>   
		                <p>行为依法查处。（10分）</p>                                                     
						<p>2.向上争取奖补资金用于水土流失治理相关工作。（15分）</p>
						<p>3.协助乡镇开展水土流失综合治理相关工作。（10分）</p>
						<p>4.完成水土流失综合治理任务，依法查处水土流失案件。（25分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>12</td>
		           <td>县水文站</td>
		           <td>60</td>
		           <td class='left'>加强水功能区及乡镇河流断面水质监测</td>
		           <td class='left'>
		               <p>1.水功能区及乡镇跨界河流断面水质水量监测（20）</p> 
		               <p>2.配合县水利局共同推进河流信息、一河一策编制工作（30分）</p>
					   <p>3.与县环保局、县水利局共同推进应急水源或备用水源地建设（10分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>13</td>
		           <td>县国土资源局</td>
		           <td>60</td>
		           <td class='left'>持续推进土地资源开发整治过程中的环境保护工作 </td>
		           <td class='left'>
		                <p>1.积极指导乡镇开展土地资源开发整治过程中的环境保护工作，</p>
		                <p>规范审批乡镇河道项目用地（20分）</p>
						<p>2.配合做好乡镇河道及水利工程管理范围和范围划界（10分）</p>
						<p>3.与乡镇加强对违法违规用地的查处力度（10分）</p>
						<p>4.推进开展土地资源开发环境保护专项整治（10分）</p>
						<p>5.开展土地资源开发整治过程中的环境保护工作，及时审批河流治理</p>
						<p>项目用地（10分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>14</td>
		           <td rowspan="18">一般考核部门</td>
		           <td>县委组织部</td>
		           <td>60</td>
		           <td class='left'>将河长履职情况纳入考核工作 </td>
		           <td class='left'>
		               <p>1.指导县级责任单位和乡（镇）结合党课开展河长制工作学习宣传（40分）</p> 
					   <p>2.对河长制相关责任领导就河长制工作履职情况进行考察（10分）</p>
					   <p>3.在相关干部培训中开展水生态文明，河长制工作学习（10分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		         <tr>
		           <td>15</td>
		           <td>县委宣传部</td>
		           <td>60</td>
		           <td class='left'>组织河道保护管理的宣传教育和舆论引导 </td>
		           <td class='left'>
		               <p>1.指导乡镇制定河长制河道保护管理宣传工作方案，建立教育宣传引导机制（20分）</p> 
		               <p>2.指导乡镇开展宣传工作（10分）</p>
					   <p>3.开展生态文明建设 “进园区、进社区、进企业、进农村”宣传活动，宣传工作（20分）</p>
					   <p>4.对破坏河道环境，影响河道保护的人和事进行曝光（10分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		         <tr>
		           <td>16</td>
		           <td>县编委办</td>
		           <td>60</td>
		           <td class='left'>负责河长制涉及的机构编制调整工作 </td>
		           <td class='left'>
		                <p>1.指导县级责任单位和乡（镇）完善健全工作机构，</p>
		                <p>并督促县级责任单位和乡（镇）落实河长制相关职能（20分）</p>
						<p>2.协调河长制机构组建方案、人员编制，并按规定申批、上报（30分）</p>
						<p>3.探索生态综合执法大队机构、人员编制（10分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		         <tr>
		           <td>17</td>
		           <td>县人社局</td>
		           <td>60</td>
		           <td class='left'>负责将河长制工作纳入年度绩效考核 </td>
		           <td class='left'>
		               <p>1.在开展河长制工作中，指导县级责任单位和乡（镇）规范人力资源管理（20分）</p> 
					   <p>2.做好河道保洁队伍教育培训方案，指导乡（镇）做好河道保洁队伍教育培训（15分）</p>
					   <p>3.负责按有关规定指导河长制表彰奖励工作，将河长制年度重点任务纳入相关</p>
					   <p>县直部门的年度绩效管理指标体系（20分）</p>
					   <p>4.规范河道保洁队伍人力资源管理，推动相关保障制度的落实（5分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>18</td>
		           <td>县审计局</td>
		           <td>60</td>
		           <td class='left'>负责开展自然资源资产离任审计 </td>
		           <td class='left'>
		              <p>1.指导乡（镇）做好自然资源资产保护。（20分）</p>
					  <p>2.将水域、岸线、滩涂等自然资源资产纳入审计内容，选择至少一个乡（镇）</p>
					  <p>进行自然资源离任审计试点。（40分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>19</td>
		           <td>县政府法制办</td>
		           <td>60</td>
		           <td class='left'>组织开展对河库管理保护有关规定的审核工作 </td>
		           <td class='left'>
		              <p>1.做好河道保护管理法律、法规的释疑工作，对河库管理保护有关规定、</p>
		              <p>文件的审核工作（30分）</p>
					  <p>2.协助县级责任单位及乡镇做好违法违规案件的行政复议。（10分)</p>
					  <p>3.指导河长制综合执法工作（20分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		         <tr>
		           <td>20</td>
		           <td>县财政局</td>
		           <td>60</td>
		           <td class='left'>
		               <p>负责落实河长制专项经费， </p>
		           	   <p>协调河湖管理保护所需资金，监督资金使用</p>
		           </td>
		           <td class='left'>
		               <p>1.指导监督合理使用河长制专项资金。（25分）</p> 
					   <p>2.做好河长制资金预算的审核工作。（25分）</p>
					   <p>3.及时拨付河长制资金，组织河长制资金使用绩效审核工作。（10分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>21</td>
		           <td>县统计局</td>
		           <td>60</td>
		           <td class='left'>
		                <p>负责提供河长制工作有关统计资料，</p>
		           		<p>指导河长制工作考核</p>
		           </td>
		           <td class='left'>
		                <p>1.协调提供河长制工作相关数据资料。（30分）</p>
						<p>2.搜集、整理河长制工作统计资料。（20分）</p>
						<p>3.对河长制工作数据进行统计分析和监督，向县委、政府及</p>
						<p>有关部门提供咨询或建议（10分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>22</td>
		           <td>县市场和质量监管局</td>
		           <td>60</td>
		           <td class='left'>负责查处无照经营行为，查处加工、销售非法捕捞工具</td>
		           <td class='left'>
		                <p>1.协助县级责任单位和乡（镇）查处非法销售捕捞工具。（20分）</p>
						<p>2.规范城乡市场淡水鱼类贩运、销售、加工及及无证经营行为，</p>
						<p>依法打击禁渔期买卖河湖生鱼类。（20分）</p>
						<p>3.加强市场监督检查，依法依规打击违法违规销售毒、电、炸鱼行为。（20分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>23</td>
		           <td>县交通运输局</td>
		           <td>60</td>
		           <td class='left'>加强砂石运输车辆监管</td>
		           <td class='left'> 加强砂石运输车辆执法检查（60分） 
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>24</td>
		           <td>县旅发委</td>
		           <td>60</td>
		           <td class='left'>负责指导和监督全县景区内河流保护管理</td>
		           <td class='left'> 
		                <p>1.指导有关责任单位和乡（镇）做好乡村旅游的水生态保护（25分）</p>
						<p>2.制定景区污染防治方案（10分）</p>
						<p>3.监督景区做好涉水涉河经营，做好景区范围内环境保护（25分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>25</td>
		           <td>县科技局</td>
		           <td>60</td>
		           <td class='left'>开展河流治理、生态修复等技术示范</td>
		           <td class='left'> 
		                <p>配合县水利局、水保局技术人员开展节约用水、水资源保护、</p>
		                <p>河流环境治理、水生态修复等科学研究和技术示范（60分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		         <tr>
		           <td>26</td>
		           <td>县卫计委</td>
		           <td>60</td>
		           <td class='left'>指导和监督饮用水卫生监测和农村卫生改厕</td>
		           <td class='left'> 
                        <p>1.指导和监督饮用水卫生监测（20分）</p>
						<p>2.指导和监督农村卫生改厕工作（20分）</p>
						<p>3.及时科学处理医疗垃圾（20分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		         <tr>
		           <td>27</td>
		           <td>县公安局</td>
		           <td>60</td>
		           <td class='left'>加大河湖水域治安防控工作力度</td>
		           <td class='left'> 
                        <p>1.协助乡镇加大对破坏河道环境、影响和会公共安全违法犯罪</p>
                        <p>行为依法打击力度（30分）</p>
						<p>2.对阻碍河长制正常实施的违法团伙进行打击（30分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>28</td>
		           <td>县森林公安局</td>
		           <td>60</td>
		           <td class='left'>加大河湖水域治安打击</td>
		           <td class='left'> 
                        <p>1.积极开展河流水域突出问题的整治工作，依法打击涉水</p>
                        <p>刑事违法犯罪活动，确保河流水域治安稳定（60分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>29</td>
		           <td>县教育局</td>
		           <td>60</td>
		           <td class='left'>加强河湖保护教育</td>
		           <td class='left'> 
                       <p>1.教育行政主管部门与各中小学校、幼儿园签订学生防溺责任状（20分）</p>
					   <p>2.中小学、幼儿园等教育机构建立了卫生保洁制度，垃圾、</p>
					   <p>生活污水得到有效处理（20分）</p>
					   <p>3.开展中小学生河湖保护管理教育知识进校园活动，增强</p>
					   <p>中小学生的河湖保护及涉水安全意识（20分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>30</td>
		           <td>县工业园区管委会</td>
		           <td>60</td>
		           <td class='left'>继续推进工业园区污水集中处理设施（含管网）建设</td>
		           <td class='left'> 
                       <p>1.按上级进度目标继续推进工业园区污水集中处理设施</p>
                       <p>（含管网）建设，按完成比例得分（40分）</p>
                       <p>2.监督入园企业工业污水排放全部进入统一规划管网（20分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td>30</td>
		           <td>县能源办</td>
		           <td>60</td>
		           <td class='left'>指导、推进农村沼气建设</td>
		           <td class='left'> 
                       <p>负责组织实施农村沼气综合利用的技术指导、质量</p>
                       <p>监督、验收工作（60分）</p>
		            </td>
				    <td class='left'></td>
		        </tr>
		        
		        <tr>
		           <td class='fontbold'>三、</td>
		           <td class='left fontbold'  colspan="2">综合奖扣分项目</td>
		           <td class='fontbold'></td>
		           <td  class='left'>上级对口部门河长制内容检查评比情况</td>
		           <td class='left'>		           
			           <p>1.部门年终省、市对口单位考核结果列全省、市前3名的分别奖10分、5分、3分 ；</p>
			           <p>年内被省、市书面通报表扬的分别奖10分、5分</p>
	                   <p>2.部门年终省、市对口单位河长制工作考核结果扣分的按扣分比例拆算扣分分值；</p>
	                   <p>年内被省、市书面通报批评的分别扣5分、3分</p>
		           </td>
		           <td></td>
		        </tr>
		    </tbody>
		</table>
	</div>